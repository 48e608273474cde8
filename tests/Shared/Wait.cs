using System.Diagnostics;

namespace Feedback.Testing;

/// <summary>
/// The one way tests wait: poll a condition until it holds or a deadline passes, then fail naming what was awaited and
/// the last value seen. Never a fixed sleep before an assertion.
/// </summary>
internal static class Wait
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds for its value; returns that value.</summary>
    /// <param name="probe">Reads the current value.</param>
    /// <param name="done">Whether the value is the awaited one.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var clock = Stopwatch.StartNew();
        TimeSpan interval = FirstInterval;
        T last = await probe();
        while (!done(last))
        {
            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F1} s for {what ?? "the condition"}; the last value was: {last}");
            }

            await Task.Delay(interval);
            interval = interval * 2 < MaxInterval ? interval * 2 : MaxInterval;
            last = await probe();
        }

        return last;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string? what = null) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, timeout, what);

    /// <summary>Polls the asynchronous <paramref name="condition"/> until it holds.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? what = null) =>
        UntilAsync(condition, ok => ok, timeout, what);
}
