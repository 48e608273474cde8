namespace Feedback.Pipeline.Structuring;

/// <summary>One batch of unlabelled records to structure.</summary>
/// <param name="DatasetVersion">The dataset version.</param>
/// <param name="ModelId">The champion.</param>
/// <param name="ServiceName">Its service.</param>
/// <param name="Offset">The first line of <c>unlabelled.jsonl</c> in the batch.</param>
/// <param name="Count">Lines in the batch.</param>
public sealed record StructuringBatch(string DatasetVersion, string ModelId, string ServiceName, long Offset, int Count);
