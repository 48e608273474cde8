namespace Feedback.Pipeline.DataUpdate;

/// <summary>A source object waiting to be ingested.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Format">The source's row format.</param>
/// <param name="Key">The object's key.</param>
/// <param name="ETag">The object's tag when listed.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record SourceObjectRef(string Source, string Format, string Key, string ETag, long Size);

/// <summary>What the ledger says is new.</summary>
/// <param name="ParentVersion">The current dataset version, or null before the first.</param>
/// <param name="Objects">The objects not yet ingested (or changed since), in key order.</param>
/// <param name="ParentTotalLabelled">Labelled records in the current version.</param>
public sealed record PendingSourceObjects(string? ParentVersion, IReadOnlyList<SourceObjectRef> Objects, long ParentTotalLabelled = 0);

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

/// <summary>Input of the join.</summary>
/// <param name="ParentVersion">The version to build on.</param>
/// <param name="Transformed">The transformed objects.</param>
/// <param name="CreatedAt">The run's time (orchestration time).</param>
/// <param name="RunId">The run.</param>
public sealed record DatasetBuildRequest(string? ParentVersion, IReadOnlyList<TransformedObject> Transformed, DateTimeOffset CreatedAt, string RunId);

/// <summary>What the join made.</summary>
/// <param name="Version">The new version, or null when nothing new was found.</param>
/// <param name="ParentVersion">The version it builds on.</param>
/// <param name="NewLabelled">Labelled records added.</param>
/// <param name="NewUnlabelled">Unlabelled records added.</param>
/// <param name="TotalLabelled">Labelled records in the version (train + valid).</param>
/// <param name="TotalUnlabelled">Unlabelled records in the version.</param>
/// <param name="Sources">Per-source metrics of this run.</param>
public sealed record DatasetBuildResult(
    string? Version,
    string? ParentVersion,
    long NewLabelled,
    long NewUnlabelled,
    long TotalLabelled,
    long TotalUnlabelled,
    IReadOnlyList<Ports.SourceRunMetrics> Sources);

/// <summary>The <c>data-transformed</c> event.</summary>
/// <param name="DatasetVersion">The new version.</param>
/// <param name="NewLabelledRecords">Labelled records it adds to its parent (informational: the gate counts from the manifests).</param>
/// <param name="Total">Labelled records in it (informational).</param>
/// <param name="Force">Fine-tune whatever the gate says (an operator's start, e.g. the first fine-tune on a curated set); never set by the data update.</param>
public sealed record DataTransformedEvent(string DatasetVersion, long NewLabelledRecords = 0, long Total = 0, bool Force = false);

/// <summary>Input of the ledger commit.</summary>
/// <param name="Objects">The objects ingested by the run.</param>
/// <param name="Version">The current version after the run.</param>
/// <param name="IngestedAt">When (orchestration time).</param>
/// <param name="TotalLabelled">Labelled records in the current version.</param>
public sealed record LedgerCommit(IReadOnlyList<SourceObjectRef> Objects, string? Version, DateTimeOffset IngestedAt, long TotalLabelled);

/// <summary>The output of <see cref="DataUpdateOrchestration"/>.</summary>
/// <param name="Outcome"><c>new-version</c>, <c>no-new-objects</c> or <c>no-new-records</c>.</param>
/// <param name="DatasetVersion">The current version after the run.</param>
/// <param name="ParentVersion">The version before it.</param>
/// <param name="ObjectsIngested">Source objects read.</param>
/// <param name="NewLabelledRecords">Labelled records added.</param>
/// <param name="TotalLabelledRecords">Labelled records in the current version.</param>
/// <param name="EventPublished">Whether the data-transformed event was sent.</param>
/// <param name="MetricsError">Why metrics could not be recorded, when they could not (the dataset is kept).</param>
/// <param name="Structuring">What structuring the new version's unlabelled feedback did, when a version was made.</param>
/// <param name="StructuringError">Why structuring failed, when it did (the dataset version is kept).</param>
public sealed record DataUpdateResult(
    string Outcome,
    string? DatasetVersion,
    string? ParentVersion,
    int ObjectsIngested,
    long NewLabelledRecords,
    long TotalLabelledRecords,
    bool EventPublished,
    string? MetricsError,
    Structuring.StructuringResult? Structuring = null,
    string? StructuringError = null);

/// <summary>The progress a data update shows in its custom status.</summary>
/// <param name="Stage">listing, transforming, joining, recording, publishing, done.</param>
/// <param name="ObjectsDone">Objects transformed.</param>
/// <param name="ObjectsTotal">Objects to transform.</param>
public sealed record DataUpdateProgress(string Stage, int ObjectsDone, int ObjectsTotal);
