using System.Text;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;

namespace Feedback.Integrations.Tests;

public sealed class ModelRegistryTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("feedback-registry-");

    private static RegisteredModel Model(string id, string dataset) => new(id, dataset, $"job-{id}", ModelState.Challenger, At, 12.5);

    [Fact]
    public async Task PromoteAsync_TwoGenerations_MovesTheAliasRetiresTheOldChampionAndKeepsHistory()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));

        await registry.RegisterChallengerAsync(Model("m:curated", "v1"));
        await registry.PromoteAsync("m:curated", null, "rollout-1", "beats the base model", At);
        await registry.RegisterChallengerAsync(Model("m:expanded", "v2"));
        await registry.RecordMetricsAsync("m:expanded", new ModelMetrics(0.32, 0.62, 0.59, 400));
        ModelRegistryDocument document = await registry.PromoteAsync("m:expanded", "m:curated", "rollout-2", "exact match +0.24, p < 0.001", At.AddDays(1));

        Assert.Equal("m:expanded", document.Champion);
        Assert.Null(document.Challenger);
        Assert.Equal("retired", WireNames.Of(document.Find("m:curated")!.State));
        Assert.Equal("champion", WireNames.Of(document.Find("m:expanded")!.State));
        Assert.Equal(0.32, document.Find("m:expanded")!.Metrics!.ExactMatch);
        Assert.Equal([(null, "m:curated"), ("m:curated", "m:expanded")], document.History.Select(h => (h.From, h.To)));
        ModelRegistryDocument reread = await new ModelRegistry(new FileSystemObjectStore(_root.FullName)).ReadAsync();
        Assert.Equal(("m:expanded", 2, 2), (reread.Champion, reread.Models.Count, reread.History.Count));
    }

    [Fact]
    public async Task PromoteAsync_TwoRolloutsRaceFromTwoHosts_OnlyOneWins()
    {
        var hostA = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        var hostB = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await hostA.RegisterChallengerAsync(Model("m:0", "v0"));
        await hostA.PromoteAsync("m:0", null, "seed", "first model", At);
        await hostA.RegisterChallengerAsync(Model("m:a", "v1"));
        await hostB.RegisterChallengerAsync(Model("m:b", "v2"));

        Task<ModelRegistryDocument> a = Task.Run(() => hostA.PromoteAsync("m:a", "m:0", "rollout-a", "a wins", At));
        Task<ModelRegistryDocument> b = Task.Run(() => hostB.PromoteAsync("m:b", "m:0", "rollout-b", "b wins", At));
        try
        {
            await Task.WhenAll(a, b);
        }
        catch (RegistryConflictException)
        {
            // Expected for the loser; checked below.
        }

        Task<ModelRegistryDocument>[] races = [a, b];

        Assert.Equal(1, races.Count(t => t.IsCompletedSuccessfully));
        Assert.IsType<RegistryConflictException>(Assert.Single(races, t => t.IsFaulted).Exception!.InnerException);
        ModelRegistryDocument final = await hostA.ReadAsync();
        Assert.Equal(2, final.History.Count);
        Assert.Equal(final.History[^1].To, final.Champion);
    }

    [Fact]
    public async Task WriteIfAsync_StaleTag_ThrowsAndKeepsTheNewerContent()
    {
        var store = new FileSystemObjectStore(_root.FullName);
        await store.WriteIfAsync("doc.json", Encoding.UTF8.GetBytes("1"), WriteCondition.MustNotExist);
        TaggedContent read = (await store.ReadTaggedAsync("doc.json"))!;
        await store.WriteIfAsync("doc.json", Encoding.UTF8.GetBytes("22"), WriteCondition.Matches(read.ETag));

        await Assert.ThrowsAsync<ObjectChangedException>(() => store.WriteIfAsync("doc.json", Encoding.UTF8.GetBytes("3"), WriteCondition.Matches(read.ETag)));
        await Assert.ThrowsAsync<ObjectChangedException>(() => store.WriteIfAsync("doc.json", Encoding.UTF8.GetBytes("4"), WriteCondition.MustNotExist));
        Assert.Equal("22", Encoding.UTF8.GetString((await store.ReadTaggedAsync("doc.json"))!.Content));
        Assert.Null(await store.ReadTaggedAsync("missing.json"));
    }

    [Fact]
    public async Task RejectAsync_Challenger_MarksItRejectedAndKeepsTheChampion()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await registry.RegisterChallengerAsync(Model("m:0", "v0"));
        await registry.PromoteAsync("m:0", null, "seed", "first", At);
        await registry.RegisterChallengerAsync(Model("m:worse", "v1"));

        ModelRegistryDocument document = await registry.RejectAsync("m:worse");

        Assert.Equal("m:0", document.Champion);
        Assert.Null(document.Challenger);
        Assert.Equal("rejected", WireNames.Of(document.Find("m:worse")!.State));
    }

    [Fact]
    public async Task PromoteAsync_SameRolloutRetried_IsANoOp()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await registry.RegisterChallengerAsync(Model("m:0", "v0"));
        await registry.PromoteAsync("m:0", null, "rollout-1", "first", At);

        ModelRegistryDocument again = await registry.PromoteAsync("m:0", null, "rollout-1", "first", At);

        Assert.Equal("m:0", again.Champion);
        Assert.Single(again.History);
    }

    [Fact]
    public async Task PromoteAsync_SecondRolloutOfTheSameModel_IsRefused()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await registry.RegisterChallengerAsync(Model("m:0", "v0"));
        await registry.PromoteAsync("m:0", null, "rollout-1", "first", At);

        RegistryConflictException refused = await Assert.ThrowsAsync<RegistryConflictException>(
            () => registry.PromoteAsync("m:0", null, "rollout-2", "a duplicate", At));

        Assert.Contains("rollout-1", refused.Message, StringComparison.Ordinal);
        Assert.Single((await registry.ReadAsync()).History);
    }

    [Fact]
    public async Task PromoteAsync_FormerChampionPromotedAgain_IsRefused()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await registry.RegisterChallengerAsync(Model("m:0", "v0"));
        await registry.PromoteAsync("m:0", null, "rollout-1", "first", At);
        await registry.RegisterChallengerAsync(Model("m:1", "v1"));
        await registry.PromoteAsync("m:1", "m:0", "rollout-2", "better", At);

        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.PromoteAsync("m:0", "m:1", "rollout-3", "back again", At));

        Assert.Equal("m:1", (await registry.ReadAsync()).Champion);
    }

    [Fact]
    public async Task AcquireLeaseAsync_HeldByAnotherLiveUpdate_IsRefused()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await registry.AcquireLeaseAsync("update-a", "v1", null, At, TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.AcquireLeaseAsync("update-b", "v2", null, At.AddMinutes(5), TimeSpan.FromHours(1)));

        Assert.Equal("update-a", (await registry.ReadAsync()).Lease!.Holder);
    }

    [Fact]
    public async Task AcquireLeaseAsync_HolderAsksAgain_KeepsItsLease()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await registry.AcquireLeaseAsync("update-a", "v1", null, At, TimeSpan.FromHours(1));

        ModelRegistryDocument again = await registry.AcquireLeaseAsync("update-a", "v1", null, At.AddMinutes(5), TimeSpan.FromHours(1));

        Assert.Equal(At, again.Lease!.AcquiredAt);
    }

    [Fact]
    public async Task AcquireLeaseAsync_ExpiredLease_IsTakenOver()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await registry.AcquireLeaseAsync("update-a", "v1", null, At, TimeSpan.FromHours(1));

        ModelRegistryDocument taken = await registry.AcquireLeaseAsync("update-b", "v2", null, At.AddHours(2), TimeSpan.FromHours(1));

        Assert.Equal("update-b", taken.Lease!.Holder);
    }

    [Fact]
    public async Task AcquireLeaseAsync_ModelFineTunedSinceTheCount_IsRefused()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await registry.RegisterChallengerAsync(Model("m:1", "v1"));

        RegistryConflictException refused = await Assert.ThrowsAsync<RegistryConflictException>(
            () => registry.AcquireLeaseAsync("update-b", "v2", expectedLastFineTuned: null, At, TimeSpan.FromHours(1)));

        Assert.Contains("v1", refused.Message, StringComparison.Ordinal);
        Assert.Null((await registry.ReadAsync()).Lease);
    }

    [Fact]
    public async Task ReleaseLeaseAsync_OtherHolder_LeavesTheLeaseAndOwnHolderReleasesIt()
    {
        var registry = new ModelRegistry(new FileSystemObjectStore(_root.FullName));
        await registry.AcquireLeaseAsync("update-a", "v1", null, At, TimeSpan.FromHours(1));

        ModelRegistryDocument kept = await registry.ReleaseLeaseAsync("update-b");
        ModelRegistryDocument released = await registry.ReleaseLeaseAsync("update-a");

        Assert.Equal("update-a", kept.Lease!.Holder);
        Assert.Null(released.Lease);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
