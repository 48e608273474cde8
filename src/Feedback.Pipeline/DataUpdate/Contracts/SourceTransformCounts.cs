namespace Feedback.Pipeline.DataUpdate;

/// <summary>The counts of one object's transform.</summary>
/// <param name="Rows">Rows read.</param>
/// <param name="Accepted">Rows accepted.</param>
/// <param name="QuarantinedByReason">Rows quarantined per reason code.</param>
public sealed record SourceTransformCounts(long Rows, long Accepted, IReadOnlyDictionary<string, long> QuarantinedByReason)
{
    /// <summary>All quarantined rows.</summary>
    public long Quarantined => QuarantinedByReason.Values.Sum();
}
