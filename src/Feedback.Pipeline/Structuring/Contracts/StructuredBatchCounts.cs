namespace Feedback.Pipeline.Structuring;

/// <summary>The counts of one structured batch.</summary>
/// <param name="Records">Records structured.</param>
/// <param name="Valid">Valid answers.</param>
/// <param name="ByAct">Valid answers per act.</param>
/// <param name="Games">Valid answers per game named.</param>
/// <param name="Ratings">Valid answers per rating.</param>
public sealed record StructuredBatchCounts(long Records, long Valid, Dictionary<string, long> ByAct, Dictionary<string, long> Games, Dictionary<string, long> Ratings);
