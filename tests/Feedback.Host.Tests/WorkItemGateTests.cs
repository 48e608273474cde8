using Feedback.Host.Durable;

namespace Feedback.Host.Tests;

public sealed class WorkItemGateTests
{
    [Fact]
    public async Task FetchAsync_AtTheLimit_WaitsUntilAnItemIsReleasedThenFetchesAtOnce()
    {
        using var gate = new WorkItemGate<object>(2);
        int fetched = 0;
        Task<object?> Fetch() => gate.FetchAsync(() => Task.FromResult<object?>(new { n = Interlocked.Increment(ref fetched) }), CancellationToken.None);
        object first = (await Fetch())!;
        await Fetch();

        Task<object?> third = Fetch();
        Assert.False(third.IsCompleted);
        Assert.Equal(2, fetched);

        gate.Release(first);
        await third.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, fetched);
        Assert.Equal(2, gate.Held);
    }

    [Fact]
    public async Task Release_SameItemTwice_FreesOneSlot()
    {
        using var gate = new WorkItemGate<object>(1);
        object item = (await gate.FetchAsync(() => Task.FromResult<object?>(new object()), CancellationToken.None))!;

        gate.Release(item);
        gate.Release(item);
        await gate.FetchAsync(() => Task.FromResult<object?>(new object()), CancellationToken.None);

        Task<object?> blocked = gate.FetchAsync(() => Task.FromResult<object?>(new object()), CancellationToken.None);
        Assert.False(blocked.IsCompleted);
    }

    [Fact]
    public async Task FetchAsync_NothingToFetchOrFetchFails_GivesTheSlotBack()
    {
        using var gate = new WorkItemGate<object>(1);

        Assert.Null(await gate.FetchAsync(() => Task.FromResult<object?>(null), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => gate.FetchAsync(() => throw new InvalidOperationException("backend down"), CancellationToken.None));

        object? item = await gate.FetchAsync(() => Task.FromResult<object?>(new object()), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(item);
    }

    [Fact]
    public async Task FetchAsync_CancelledWhileWaiting_Throws()
    {
        using var gate = new WorkItemGate<object>(1);
        await gate.FetchAsync(() => Task.FromResult<object?>(new object()), CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        Task<object?> waiting = gate.FetchAsync(() => Task.FromResult<object?>(new object()), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
