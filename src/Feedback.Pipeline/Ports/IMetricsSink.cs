namespace Feedback.Pipeline.Ports;

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
