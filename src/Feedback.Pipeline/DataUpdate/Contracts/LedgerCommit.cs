namespace Feedback.Pipeline.DataUpdate;

/// <summary>Input of the ledger commit.</summary>
/// <param name="Objects">The objects ingested by the run.</param>
/// <param name="Version">The current version after the run.</param>
/// <param name="IngestedAt">When (orchestration time).</param>
/// <param name="TotalLabelled">Labelled records in the current version.</param>
public sealed record LedgerCommit(IReadOnlyList<SourceObjectRef> Objects, string? Version, DateTimeOffset IngestedAt, long TotalLabelled);
