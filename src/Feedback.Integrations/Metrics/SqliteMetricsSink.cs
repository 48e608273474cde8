using System.Globalization;
using Feedback.Pipeline.Ports;
using Microsoft.Data.Sqlite;

namespace Feedback.Integrations.Metrics;

/// <summary>
/// The metrics sink on a SQLite file (the embedded default). A table per metric kind, created on
/// first use: <c>data_update_runs</c> (a row per run and source), <c>quarantine_counts</c> (per
/// run, source and reason) and <c>source_record_counts</c> (cumulative new records per source,
/// recomputed from the runs so recording a run twice counts it once); <c>structuring_runs</c> and
/// <c>structured_counts</c> (per dataset version: counts by act, game and rating of the structured feedback).
/// </summary>
/// <param name="path">The database file (created with its folder when missing).</param>
public sealed class SqliteMetricsSink(string path) : IMetricsSink
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS data_update_runs (
            run_id TEXT NOT NULL, source TEXT NOT NULL, dataset_version TEXT,
            rows_read INTEGER NOT NULL, accepted INTEGER NOT NULL, quarantined INTEGER NOT NULL,
            duplicates INTEGER NOT NULL, held_out INTEGER NOT NULL, new_records INTEGER NOT NULL, new_labelled INTEGER NOT NULL,
            recorded_at TEXT NOT NULL, PRIMARY KEY (run_id, source));
        CREATE TABLE IF NOT EXISTS quarantine_counts (
            run_id TEXT NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL,
            PRIMARY KEY (run_id, source, reason));
        CREATE TABLE IF NOT EXISTS source_record_counts (
            source TEXT NOT NULL PRIMARY KEY, record_count INTEGER NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS structuring_runs (
            dataset_version TEXT NOT NULL PRIMARY KEY, model_id TEXT NOT NULL, records INTEGER NOT NULL, valid INTEGER NOT NULL, recorded_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS structured_counts (
            dataset_version TEXT NOT NULL, dimension TEXT NOT NULL, value TEXT NOT NULL, count INTEGER NOT NULL,
            PRIMARY KEY (dataset_version, dimension, value));
        """;

    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    /// <inheritdoc />
    public async Task RecordDataUpdateAsync(DataUpdateMetrics metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        string recordedAt = metrics.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
        foreach (SourceRunMetrics source in metrics.Sources)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT OR REPLACE INTO data_update_runs
                (run_id, source, dataset_version, rows_read, accepted, quarantined, duplicates, held_out, new_records, new_labelled, recorded_at)
                VALUES ($run, $source, $version, $read, $accepted, $quarantined, $duplicates, $heldOut, $new, $newLabelled, $at)
                """,
                [("$run", metrics.RunId), ("$source", source.Source), ("$version", (object?)metrics.DatasetVersion ?? DBNull.Value),
                 ("$read", source.RowsRead), ("$accepted", source.Accepted), ("$quarantined", source.Quarantined),
                 ("$duplicates", source.Duplicates), ("$heldOut", source.HeldOut), ("$new", source.NewRecords),
                 ("$newLabelled", source.NewLabelled), ("$at", recordedAt)],
                cancellationToken);
            foreach ((string reason, long count) in source.QuarantinedByReason)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT OR REPLACE INTO quarantine_counts (run_id, source, reason, count) VALUES ($run, $source, $reason, $count)",
                    [("$run", metrics.RunId), ("$source", source.Source), ("$reason", reason), ("$count", count)],
                    cancellationToken);
            }
        }

        await ExecuteAsync(connection, transaction, """
            INSERT INTO source_record_counts (source, record_count, updated_at)
            SELECT source, SUM(new_records), $at FROM data_update_runs WHERE true GROUP BY source
            ON CONFLICT(source) DO UPDATE SET record_count = excluded.record_count, updated_at = excluded.updated_at
            """, [("$at", recordedAt)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task RecordStructuringAsync(StructuringSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, """
            INSERT OR REPLACE INTO structuring_runs (dataset_version, model_id, records, valid, recorded_at)
            VALUES ($version, $model, $records, $valid, $at)
            """,
            [("$version", summary.DatasetVersion), ("$model", summary.ModelId), ("$records", summary.Records), ("$valid", summary.Valid),
             ("$at", summary.RecordedAt.ToString("O", CultureInfo.InvariantCulture))],
            cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM structured_counts WHERE dataset_version = $version", [("$version", summary.DatasetVersion)], cancellationToken);
        foreach ((string dimension, IReadOnlyDictionary<string, long> counts) in new[] { ("act", summary.ByAct), ("game", summary.TopGames), ("rating", summary.Ratings) })
        {
            foreach ((string value, long count) in counts)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO structured_counts (dataset_version, dimension, value, count) VALUES ($version, $dimension, $value, $count)",
                    [("$version", summary.DatasetVersion), ("$dimension", dimension), ("$value", value), ("$count", count)],
                    cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, Schema, [], cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
