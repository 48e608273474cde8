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
