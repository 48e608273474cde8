using Feedback.Integrations.Metrics;
using Feedback.Pipeline.Ports;
using Microsoft.Data.Sqlite;

namespace Feedback.Integrations.Tests.Metrics;

public sealed class SqliteMetricsSinkTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "feedback-tests", $"{Guid.NewGuid():N}", "metrics.db");

    private static DataUpdateMetrics Run(string id, long discordNew) => new(
        id,
        "v1",
        new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero),
        [
            new SourceRunMetrics("discord", 355, 339, new Dictionary<string, long> { ["broken-json"] = 3 }, 6, 0, discordNew, discordNew - 50),
            new SourceRunMetrics("twitch", 287, 287, new Dictionary<string, long>(), 7, 0, 280, 220),
        ]);

    [Fact]
    public async Task RecordDataUpdateAsync_SameRunTwiceThenAnother_CountsEachRunOnce()
    {
        var sink = new SqliteMetricsSink(_path);

        await sink.RecordDataUpdateAsync(Run("run-1", 333));
        await sink.RecordDataUpdateAsync(Run("run-1", 333));
        await sink.RecordDataUpdateAsync(Run("run-2", 70) with { Sources = [Run("run-2", 70).Sources[0]] });

        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM data_update_runs"));
        Assert.Equal(333 + 70, await ScalarAsync("SELECT record_count FROM source_record_counts WHERE source = 'discord'"));
        Assert.Equal(280, await ScalarAsync("SELECT record_count FROM source_record_counts WHERE source = 'twitch'"));
        Assert.Equal(3, await ScalarAsync("SELECT count FROM quarantine_counts WHERE run_id = 'run-1' AND reason = 'broken-json'"));
    }

    [Fact]
    public async Task RecordStructuringAsync_SameVersionTwice_KeepsOneRunAndTheLatestCounts()
    {
        var sink = new SqliteMetricsSink(_path);
        var summary = new StructuringSummary("v1", "m:ds-1", DateTimeOffset.UnixEpoch, 110, 104,
            new Dictionary<string, long> { ["inform"] = 60, ["request"] = 44 }, new Dictionary<string, long> { ["Myst"] = 3 }, new Dictionary<string, long> { ["good"] = 9 });

        await sink.RecordStructuringAsync(summary);
        await sink.RecordStructuringAsync(summary with { ByAct = new Dictionary<string, long> { ["inform"] = 104 } });

        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM structuring_runs"));
        Assert.Equal(104, await ScalarAsync("SELECT valid FROM structuring_runs WHERE dataset_version = 'v1'"));
        Assert.Equal(104, await ScalarAsync("SELECT count FROM structured_counts WHERE dimension = 'act' AND value = 'inform'"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM structured_counts WHERE dimension = 'act' AND value = 'request'"));
        Assert.Equal(3, await ScalarAsync("SELECT count FROM structured_counts WHERE dimension = 'game' AND value = 'Myst'"));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
}
