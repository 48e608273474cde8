namespace Feedback.Pipeline.Ports;

/// <summary>What one data update did with one source.</summary>
/// <param name="Source">The source name.</param>
/// <param name="RowsRead">Rows read from its new objects.</param>
/// <param name="Accepted">Rows that passed the transform.</param>
/// <param name="QuarantinedByReason">Quarantined rows per reason code.</param>
/// <param name="Duplicates">Accepted rows already in the dataset (or earlier in this run).</param>
/// <param name="HeldOut">Accepted rows dropped because their text is in the held-out test set.</param>
/// <param name="NewRecords">Records added to the dataset.</param>
/// <param name="NewLabelled">Of those, the labelled ones.</param>
public sealed record SourceRunMetrics(
    string Source,
    long RowsRead,
    long Accepted,
    IReadOnlyDictionary<string, long> QuarantinedByReason,
    long Duplicates,
    long HeldOut,
    long NewRecords,
    long NewLabelled)
{
    /// <summary>All quarantined rows.</summary>
    public long Quarantined => QuarantinedByReason.Values.Sum();
}
