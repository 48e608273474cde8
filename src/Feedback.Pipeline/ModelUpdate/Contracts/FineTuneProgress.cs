namespace Feedback.Pipeline.ModelUpdate;

/// <summary>What the fine-tune shows in its custom status.</summary>
/// <param name="JobName">The current job.</param>
/// <param name="State">Its platform state.</param>
/// <param name="Attempt">The attempt.</param>
/// <param name="ElapsedSeconds">Seconds since the first submission.</param>
public sealed record FineTuneProgress(string JobName, string State, int Attempt, double ElapsedSeconds);
