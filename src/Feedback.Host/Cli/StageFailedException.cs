namespace Feedback.Host.Cli;

/// <summary>A stage of the run that did not end as it should.</summary>
/// <param name="stage">The stage.</param>
/// <param name="reason">Why.</param>
public sealed class StageFailedException(string stage, string reason) : Exception($"{stage}: {reason}")
{
    /// <summary>The stage that failed.</summary>
    public string Stage { get; } = stage;

    /// <summary>Why.</summary>
    public string Reason { get; } = reason;
}
