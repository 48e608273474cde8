namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The state carried across generations (ContinueAsNew).</summary>
/// <param name="Request">The request.</param>
/// <param name="StartedAt">When the first attempt was submitted (orchestration time).</param>
/// <param name="Attempt">The current attempt (1-based).</param>
/// <param name="JobId">The current job, once submitted.</param>
/// <param name="Polls">Polls of the current job so far.</param>
/// <param name="Failures">Why earlier attempts failed.</param>
public sealed record FineTuneState(
    FineTuneRequest Request,
    DateTime? StartedAt = null,
    int Attempt = 1,
    string? JobId = null,
    int Polls = 0,
    IReadOnlyList<string>? Failures = null);
