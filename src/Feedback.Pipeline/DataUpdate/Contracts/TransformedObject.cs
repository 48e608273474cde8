namespace Feedback.Pipeline.DataUpdate;

/// <summary>The outputs of transforming one source object (references, never the rows).</summary>
/// <param name="Source">The source object.</param>
/// <param name="AcceptedKey">The staged accepted records.</param>
/// <param name="QuarantineKey">The quarantined rows, or null when there were none.</param>
/// <param name="RowsRead">Rows read.</param>
/// <param name="Accepted">Rows accepted.</param>
/// <param name="QuarantinedByReason">Quarantined rows per reason code.</param>
public sealed record TransformedObject(
    SourceObjectRef Source,
    string AcceptedKey,
    string? QuarantineKey,
    long RowsRead,
    long Accepted,
    IReadOnlyDictionary<string, long> QuarantinedByReason);
