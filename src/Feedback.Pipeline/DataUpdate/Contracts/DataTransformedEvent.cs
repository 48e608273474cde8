namespace Feedback.Pipeline.DataUpdate;

/// <summary>The <c>data-transformed</c> event.</summary>
/// <param name="DatasetVersion">The new version.</param>
/// <param name="NewLabelledRecords">Labelled records it adds to its parent (informational: the gate counts from the manifests).</param>
/// <param name="Total">Labelled records in it (informational).</param>
/// <param name="Force">Fine-tune whatever the gate says (an operator's start, e.g. the first fine-tune on a curated set); never set by the data update.</param>
public sealed record DataTransformedEvent(string DatasetVersion, long NewLabelledRecords = 0, long Total = 0, bool Force = false);
