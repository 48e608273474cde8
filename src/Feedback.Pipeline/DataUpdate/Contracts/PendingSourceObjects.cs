namespace Feedback.Pipeline.DataUpdate;

/// <summary>What the ledger says is new.</summary>
/// <param name="ParentVersion">The current dataset version, or null before the first.</param>
/// <param name="Objects">The objects not yet ingested (or changed since), in key order.</param>
/// <param name="ParentTotalLabelled">Labelled records in the current version.</param>
public sealed record PendingSourceObjects(string? ParentVersion, IReadOnlyList<SourceObjectRef> Objects, long ParentTotalLabelled = 0);
