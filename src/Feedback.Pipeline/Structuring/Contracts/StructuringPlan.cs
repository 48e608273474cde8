namespace Feedback.Pipeline.Structuring;

/// <summary>What to structure, decided by <see cref="PlanStructuringActivity"/>.</summary>
/// <param name="SkipReason">Why nothing is structured, or null.</param>
/// <param name="ModelId">The champion.</param>
/// <param name="ServiceName">Its service.</param>
/// <param name="Offset">The first new unlabelled line (the parent's lines come first and were structured with it).</param>
/// <param name="Count">New unlabelled records.</param>
/// <param name="BatchSize">Records per batch.</param>
/// <param name="Parallelism">Batches at once.</param>
public sealed record StructuringPlan(string? SkipReason, string? ModelId, string ServiceName, long Offset, long Count, int BatchSize, int Parallelism);
