using System.Collections.Concurrent;

namespace Feedback.Pipeline.Runtime;

/// <summary>
/// Counts executions of runtime-check steps in this process, so a step can fail a chosen number
/// of times and then succeed. Singleton.
/// </summary>
public sealed class RuntimeCheckAttempts
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    /// <summary>Records one more execution of a step and returns its number (1 = first).</summary>
    /// <param name="checkId">The check's instance id.</param>
    /// <param name="step">The step's name.</param>
    public int Next(string checkId, string step) =>
        _attempts.AddOrUpdate($"{checkId}/{step}", 1, static (_, n) => n + 1);
}
