using System.Globalization;
using Feedback.Pipeline.Ports;

namespace Feedback.Integrations.Snowflake;

/// <summary>
/// The metrics sink on Snowflake. The tables are created on first use; each run is merged by run
/// id and source (so recording it twice records it once), quarantine counts by reason, and the
/// cumulative records per source are merged from the runs, as the reference's MERGE of
/// <c>(Source, RecordCount)</c> did.
/// </summary>
/// <param name="sql">The SQL API client.</param>
public sealed class SnowflakeMetricsSink(SnowflakeSqlClient sql) : IMetricsSink, IDisposable
{
    /// <summary>The statements that create the tables.</summary>
    public static IReadOnlyList<string> SchemaStatements { get; } =
    [
        "CREATE TABLE IF NOT EXISTS DATA_UPDATE_RUNS (RUN_ID STRING NOT NULL, SOURCE STRING NOT NULL, DATASET_VERSION STRING, ROWS_READ NUMBER, ACCEPTED NUMBER, QUARANTINED NUMBER, DUPLICATES NUMBER, HELD_OUT NUMBER, NEW_RECORDS NUMBER, NEW_LABELLED NUMBER, RECORDED_AT TIMESTAMP_TZ)",
        "CREATE TABLE IF NOT EXISTS QUARANTINE_COUNTS (RUN_ID STRING NOT NULL, SOURCE STRING NOT NULL, REASON STRING NOT NULL, ROW_COUNT NUMBER)",
        "CREATE TABLE IF NOT EXISTS SOURCE_RECORD_COUNTS (SOURCE STRING NOT NULL, RECORD_COUNT NUMBER, UPDATED_AT TIMESTAMP_TZ)",
        "CREATE TABLE IF NOT EXISTS STRUCTURING_RUNS (DATASET_VERSION STRING NOT NULL, MODEL_ID STRING NOT NULL, RECORDS NUMBER, VALID NUMBER, RECORDED_AT TIMESTAMP_TZ)",
        "CREATE TABLE IF NOT EXISTS STRUCTURED_COUNTS (DATASET_VERSION STRING NOT NULL, DIMENSION STRING NOT NULL, VALUE STRING NOT NULL, ROW_COUNT NUMBER)",
    ];

    private const string MergeStructuringRun = """
        MERGE INTO STRUCTURING_RUNS t USING (SELECT ? AS DATASET_VERSION, ? AS MODEL_ID, ? AS RECORDS, ? AS VALID, TO_TIMESTAMP_TZ(?) AS RECORDED_AT) s
        ON t.DATASET_VERSION = s.DATASET_VERSION
        WHEN MATCHED THEN UPDATE SET MODEL_ID = s.MODEL_ID, RECORDS = s.RECORDS, VALID = s.VALID, RECORDED_AT = s.RECORDED_AT
        WHEN NOT MATCHED THEN INSERT (DATASET_VERSION, MODEL_ID, RECORDS, VALID, RECORDED_AT) VALUES (s.DATASET_VERSION, s.MODEL_ID, s.RECORDS, s.VALID, s.RECORDED_AT)
        """;

    private const string MergeStructuredCount = """
        MERGE INTO STRUCTURED_COUNTS t USING (SELECT ? AS DATASET_VERSION, ? AS DIMENSION, ? AS VALUE, ? AS ROW_COUNT) s
        ON t.DATASET_VERSION = s.DATASET_VERSION AND t.DIMENSION = s.DIMENSION AND t.VALUE = s.VALUE
        WHEN MATCHED THEN UPDATE SET ROW_COUNT = s.ROW_COUNT
        WHEN NOT MATCHED THEN INSERT (DATASET_VERSION, DIMENSION, VALUE, ROW_COUNT) VALUES (s.DATASET_VERSION, s.DIMENSION, s.VALUE, s.ROW_COUNT)
        """;

    private const string MergeRun = """
        MERGE INTO DATA_UPDATE_RUNS t USING (SELECT ? AS RUN_ID, ? AS SOURCE, ? AS DATASET_VERSION, ? AS ROWS_READ, ? AS ACCEPTED, ? AS QUARANTINED, ? AS DUPLICATES, ? AS HELD_OUT, ? AS NEW_RECORDS, ? AS NEW_LABELLED, TO_TIMESTAMP_TZ(?) AS RECORDED_AT) s
        ON t.RUN_ID = s.RUN_ID AND t.SOURCE = s.SOURCE
        WHEN NOT MATCHED THEN INSERT (RUN_ID, SOURCE, DATASET_VERSION, ROWS_READ, ACCEPTED, QUARANTINED, DUPLICATES, HELD_OUT, NEW_RECORDS, NEW_LABELLED, RECORDED_AT)
        VALUES (s.RUN_ID, s.SOURCE, s.DATASET_VERSION, s.ROWS_READ, s.ACCEPTED, s.QUARANTINED, s.DUPLICATES, s.HELD_OUT, s.NEW_RECORDS, s.NEW_LABELLED, s.RECORDED_AT)
        """;

    private const string MergeQuarantine = """
        MERGE INTO QUARANTINE_COUNTS t USING (SELECT ? AS RUN_ID, ? AS SOURCE, ? AS REASON, ? AS ROW_COUNT) s
        ON t.RUN_ID = s.RUN_ID AND t.SOURCE = s.SOURCE AND t.REASON = s.REASON
        WHEN NOT MATCHED THEN INSERT (RUN_ID, SOURCE, REASON, ROW_COUNT) VALUES (s.RUN_ID, s.SOURCE, s.REASON, s.ROW_COUNT)
        """;

    private const string MergeSourceCounts = """
        MERGE INTO SOURCE_RECORD_COUNTS t USING (SELECT SOURCE, SUM(NEW_RECORDS) AS RECORD_COUNT FROM DATA_UPDATE_RUNS GROUP BY SOURCE) s
        ON t.SOURCE = s.SOURCE
        WHEN MATCHED THEN UPDATE SET RECORD_COUNT = s.RECORD_COUNT, UPDATED_AT = TO_TIMESTAMP_TZ(?)
        WHEN NOT MATCHED THEN INSERT (SOURCE, RECORD_COUNT, UPDATED_AT) VALUES (s.SOURCE, s.RECORD_COUNT, TO_TIMESTAMP_TZ(?))
        """;

    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private bool _schemaReady;

    /// <inheritdoc />
    public async Task RecordDataUpdateAsync(DataUpdateMetrics metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        await EnsureSchemaAsync(cancellationToken);
        string at = metrics.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
        foreach (SourceRunMetrics source in metrics.Sources)
        {
            await sql.ExecuteAsync(MergeRun,
            [
                SnowflakeBinding.Text(metrics.RunId), SnowflakeBinding.Text(source.Source), SnowflakeBinding.Text(metrics.DatasetVersion),
                SnowflakeBinding.Fixed(source.RowsRead), SnowflakeBinding.Fixed(source.Accepted), SnowflakeBinding.Fixed(source.Quarantined),
                SnowflakeBinding.Fixed(source.Duplicates), SnowflakeBinding.Fixed(source.HeldOut), SnowflakeBinding.Fixed(source.NewRecords),
                SnowflakeBinding.Fixed(source.NewLabelled), SnowflakeBinding.Text(at),
            ], cancellationToken);
            foreach ((string reason, long count) in source.QuarantinedByReason)
            {
                await sql.ExecuteAsync(MergeQuarantine,
                    [SnowflakeBinding.Text(metrics.RunId), SnowflakeBinding.Text(source.Source), SnowflakeBinding.Text(reason), SnowflakeBinding.Fixed(count)],
                    cancellationToken);
            }
        }

        await sql.ExecuteAsync(MergeSourceCounts, [SnowflakeBinding.Text(at), SnowflakeBinding.Text(at)], cancellationToken);
    }

    /// <inheritdoc />
    public async Task RecordStructuringAsync(StructuringSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await EnsureSchemaAsync(cancellationToken);
        await sql.ExecuteAsync(MergeStructuringRun,
        [
            SnowflakeBinding.Text(summary.DatasetVersion), SnowflakeBinding.Text(summary.ModelId), SnowflakeBinding.Fixed(summary.Records),
            SnowflakeBinding.Fixed(summary.Valid), SnowflakeBinding.Text(summary.RecordedAt.ToString("O", CultureInfo.InvariantCulture)),
        ], cancellationToken);
        foreach ((string dimension, IReadOnlyDictionary<string, long> counts) in new[] { ("act", summary.ByAct), ("game", summary.TopGames), ("rating", summary.Ratings) })
        {
            foreach ((string value, long count) in counts)
            {
                await sql.ExecuteAsync(MergeStructuredCount,
                    [SnowflakeBinding.Text(summary.DatasetVersion), SnowflakeBinding.Text(dimension), SnowflakeBinding.Text(value), SnowflakeBinding.Fixed(count)],
                    cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _schemaGate.Dispose();

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                foreach (string statement in SchemaStatements)
                {
                    await sql.ExecuteAsync(statement, [], cancellationToken);
                }

                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
