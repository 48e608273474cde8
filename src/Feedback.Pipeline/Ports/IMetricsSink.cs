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

/// <summary>The metrics of one data update run.</summary>
/// <param name="RunId">The run (the orchestration's instance and execution), so recording twice records once.</param>
/// <param name="DatasetVersion">The version made, or null when nothing new arrived.</param>
/// <param name="RecordedAt">When the run finished (orchestration time).</param>
/// <param name="Sources">Per source.</param>
public sealed record DataUpdateMetrics(string RunId, string? DatasetVersion, DateTimeOffset RecordedAt, IReadOnlyList<SourceRunMetrics> Sources);

/// <summary>The metrics port: Snowflake in production, SQLite when embedded. Recording a run twice records it once.</summary>
public interface IMetricsSink
{
    /// <summary>Records a data update run: a row per source, quarantine counts per reason, and the cumulative records per source.</summary>
    /// <param name="metrics">The run's metrics.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RecordDataUpdateAsync(DataUpdateMetrics metrics, CancellationToken cancellationToken = default);

    /// <summary>Records what the champion made of a dataset version's new unlabelled feedback: counts by act, game and rating.</summary>
    /// <param name="summary">The structuring summary.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RecordStructuringAsync(StructuringSummary summary, CancellationToken cancellationToken = default);
}

/// <summary>What the champion made of one dataset version's new unlabelled feedback.</summary>
/// <param name="DatasetVersion">The dataset version.</param>
/// <param name="ModelId">The model that structured it.</param>
/// <param name="RecordedAt">When (orchestration time).</param>
/// <param name="Records">Records structured.</param>
/// <param name="Valid">Of those, answers that are valid MRs.</param>
/// <param name="ByAct">Valid answers per dialogue act.</param>
/// <param name="TopGames">The most named games (the <c>name</c> attribute), at most ten, most first.</param>
/// <param name="Ratings">Valid answers per <c>rating</c> value.</param>
public sealed record StructuringSummary(
    string DatasetVersion,
    string ModelId,
    DateTimeOffset RecordedAt,
    long Records,
    long Valid,
    IReadOnlyDictionary<string, long> ByAct,
    IReadOnlyDictionary<string, long> TopGames,
    IReadOnlyDictionary<string, long> Ratings);
