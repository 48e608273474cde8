namespace Feedback.Pipeline.ModelUpdate;

/// <summary>A finished fine-tune.</summary>
/// <param name="ModelId">The fine-tuned model.</param>
/// <param name="JobId">The job that produced it.</param>
/// <param name="JobName">Its name.</param>
/// <param name="Attempts">Jobs submitted.</param>
/// <param name="Duration">From the first submission to success (orchestration time).</param>
/// <param name="ComputeMinutes">Minutes the successful job ran, from its own timestamps.</param>
public sealed record FineTuneResult(string ModelId, string JobId, string JobName, int Attempts, TimeSpan Duration, double ComputeMinutes);
