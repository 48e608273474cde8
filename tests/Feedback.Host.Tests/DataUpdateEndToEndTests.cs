using System.Net;
using System.Text.Json;
using Feedback.Core.Datasets;
using Feedback.Core.Jsonl;
using Feedback.Integrations.Storage;
using Feedback.Pipeline.Ports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Host.Tests;

/// <summary>
/// The data update end to end on the durable runtime: Azurite (orchestration state and the event
/// queue), s3rver (the object store) and SQLite (metrics), fed with the committed exports.
/// </summary>
public sealed class DataUpdateEndToEndTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private Azurite _azurite = null!;
    private S3rver _s3 = null!;
    private RuntimeUnderTest _runtime = null!;
    private string _metricsPath = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _s3 = await S3rver.StartAsync();
        _metricsPath = Path.Combine(Path.GetTempPath(), "feedback-tests", $"{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "AzureStorage",
            ["Durable:ConnectionString"] = _azurite.ConnectionString,
            ["Durable:TaskHubName"] = "DataUpdateTests",
            ["ObjectStore:Kind"] = "S3",
            ["ObjectStore:Bucket"] = "feedback",
            ["ObjectStore:ServiceUrl"] = _s3.ServiceUrl.ToString(),
            ["ObjectStore:ForcePathStyle"] = "true",
            ["ObjectStore:UseChunkEncoding"] = "false",
            ["ObjectStore:AccessKey"] = "S3RVER",
            ["ObjectStore:SecretKey"] = "S3RVER",
            ["Metrics:SqlitePath"] = _metricsPath,
        };
        _runtime = await RuntimeUnderTest.StartAsync(settings);
        await ((S3ObjectStore)Store).EnsureBucketAsync();
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _s3.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private IObjectStore Store => _runtime.Services.GetRequiredService<IObjectStore>();

    private IEventQueueClient Queue => _runtime.Services.GetRequiredService<IEventQueueClient>();

    [Fact]
    public async Task DataUpdate_CommittedExportsThenRerunThenNewExport_VersionsCountsQuarantineMetricsAndEvents()
    {
        using JsonDocument expectedDoc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Data, "expected.json")));
        JsonElement expected = expectedDoc.RootElement;
        await UploadAsync("data/sources/discord/2026-11-01.jsonl", "sources/discord/2026-11-01.jsonl");
        await UploadAsync("data/sources/twitch/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl");
        await UploadAsync("data/sources/discord/2026-11-02.jsonl", "sources/discord/2026-11-02.jsonl");
        await UploadAsync("data/test/test.jsonl", "reference/test.jsonl");

        // First run: a new version from the three exports.
        JsonElement first = await RunDataUpdateAsync();
        Assert.Equal("new-version", first.GetProperty("outcome").GetString());
        Assert.Equal(3, first.GetProperty("objectsIngested").GetInt32());
        Assert.True(first.GetProperty("eventPublished").GetBoolean());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("metricsError").ValueKind);
        string version = first.GetProperty("datasetVersion").GetString()!;

        JsonElement manifest = await ReadJsonAsync($"datasets/{version}/manifest.json");
        output.WriteLine(manifest.ToString());
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("parentVersion").ValueKind);
        JsonElement discord = Source(manifest, "discord");
        JsonElement twitch = Source(manifest, "twitch");
        JsonElement discordDay1 = expected.GetProperty("sources/discord/2026-11-01.jsonl");
        JsonElement discordDay2 = expected.GetProperty("sources/discord/2026-11-02.jsonl");
        JsonElement twitchDay1 = expected.GetProperty("sources/twitch/2026-11-01.jsonl");
        Assert.Equal(discordDay1.GetProperty("rows").GetInt64() + discordDay2.GetProperty("rows").GetInt64(), discord.GetProperty("rowsRead").GetInt64());
        Assert.Equal(
            discordDay1.GetProperty("labelled").GetInt64() + discordDay1.GetProperty("unlabelled").GetInt64() + discordDay2.GetProperty("labelled").GetInt64(),
            discord.GetProperty("accepted").GetInt64());
        Assert.Equal(Reasons(discordDay2.GetProperty("quarantined")), Reasons(discord.GetProperty("quarantinedByReason")));
        Assert.Equal(discordDay1.GetProperty("duplicatesWithinSources").GetInt64(), discord.GetProperty("duplicates").GetInt64());
        Assert.Equal(twitchDay1.GetProperty("rows").GetInt64(), twitch.GetProperty("rowsRead").GetInt64());
        Assert.Equal(twitchDay1.GetProperty("duplicatesWithinSources").GetInt64(), twitch.GetProperty("duplicates").GetInt64());
        Assert.Empty(twitch.GetProperty("quarantinedByReason").EnumerateObject());

        long heldOut = discord.GetProperty("heldOut").GetInt64() + twitch.GetProperty("heldOut").GetInt64();
        long labelled = expected.GetProperty("totals").GetProperty("distinctLabelledInSources").GetInt64() - heldOut;
        JsonElement counts = manifest.GetProperty("counts");
        Assert.Equal(labelled, counts.GetProperty("train").GetInt64() + counts.GetProperty("valid").GetInt64());
        Assert.Equal(labelled, counts.GetProperty("newLabelled").GetInt64());
        Assert.Equal(expected.GetProperty("totals").GetProperty("distinctUnlabelledInSources").GetInt64(), counts.GetProperty("unlabelled").GetInt64());
        Assert.Equal(labelled, first.GetProperty("newLabelledRecords").GetInt64());
        Assert.InRange(counts.GetProperty("valid").GetInt64(), 1, labelled / 5);

        // The chat-format files pass the same validation as `feedback data validate`.
        foreach (string file in new[] { "train.jsonl", "valid.jsonl" })
        {
            await using Stream stream = await Store.OpenReadAsync($"datasets/{version}/{file}");
            var invalid = new List<InvalidLine>();
            LabelledFileSummary summary = await LabelledFileValidator.ValidateAsync(stream, invalid.Add);
            Assert.True(summary.AllValid, $"{file}: {string.Join("; ", invalid)}");
        }

        // The quarantine holds every malformed row with its reason and the original line.
        string quarantineKey = manifest.GetProperty("ingestedObjects").EnumerateArray()
            .Single(o => o.GetProperty("key").GetString() == "sources/discord/2026-11-02.jsonl").GetProperty("quarantineKey").GetString()!;
        List<JsonElement> quarantined = await ReadLinesAsync(quarantineKey);
        Assert.Equal(Reasons(discordDay2.GetProperty("quarantined")).Values.Sum(), quarantined.Count);
        Assert.All(quarantined, q =>
        {
            Assert.False(string.IsNullOrEmpty(q.GetProperty("reason").GetString()));
            Assert.False(string.IsNullOrEmpty(q.GetProperty("message").GetString()));
            Assert.True(q.GetProperty("line").GetInt64() > 0);
        });
        Assert.Contains(quarantined, q => q.GetProperty("original").GetString() == "not json at all");

        // Metrics are in SQLite; one event is on the queue.
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM data_update_runs WHERE dataset_version = $v", version));
        Assert.Equal(labelled + counts.GetProperty("unlabelled").GetInt64(), await CountAsync("SELECT SUM(record_count) FROM source_record_counts", null));
        IReadOnlyList<string> events = await Queue.PeekAsync("data-transformed", 32);
        JsonElement message = Assert.Single(events.Select(e => JsonDocument.Parse(e).RootElement));
        Assert.Equal(version, message.GetProperty("datasetVersion").GetString());
        Assert.Equal(labelled, message.GetProperty("newLabelledRecords").GetInt64());
        Assert.Equal(labelled, message.GetProperty("total").GetInt64());

        // Second run on the same inputs: nothing changes, nothing is published.
        JsonElement second = await RunDataUpdateAsync();
        Assert.Equal("no-new-objects", second.GetProperty("outcome").GetString());
        Assert.Equal(version, second.GetProperty("datasetVersion").GetString());
        Assert.Equal(labelled, second.GetProperty("totalLabelledRecords").GetInt64());
        Assert.False(second.GetProperty("eventPublished").GetBoolean());
        Assert.Single(await Queue.PeekAsync("data-transformed", 32));

        // A new export: a new version whose parent is the first, with only its records counted as new.
        await UploadAsync("data/arrivals/discord/2026-11-08.jsonl", "sources/discord/2026-11-08.jsonl");
        JsonElement third = await RunDataUpdateAsync();
        Assert.Equal("new-version", third.GetProperty("outcome").GetString());
        Assert.Equal(1, third.GetProperty("objectsIngested").GetInt32());
        string next = third.GetProperty("datasetVersion").GetString()!;
        Assert.NotEqual(version, next);
        JsonElement nextManifest = await ReadJsonAsync($"datasets/{next}/manifest.json");
        Assert.Equal(version, nextManifest.GetProperty("parentVersion").GetString());
        long arrivalHeldOut = Source(nextManifest, "discord").GetProperty("heldOut").GetInt64();
        long arrivals = expected.GetProperty("totals").GetProperty("arrivals").GetInt64() - arrivalHeldOut - Source(nextManifest, "discord").GetProperty("duplicates").GetInt64();
        Assert.Equal(arrivals, nextManifest.GetProperty("counts").GetProperty("newLabelled").GetInt64());
        Assert.Equal(labelled + arrivals, nextManifest.GetProperty("counts").GetProperty("train").GetInt64() + nextManifest.GetProperty("counts").GetProperty("valid").GetInt64());
        Assert.Equal(2, (await Queue.PeekAsync("data-transformed", 32)).Count);
    }

    private async Task<JsonElement> RunDataUpdateAsync()
    {
        using HttpResponseMessage start = await _runtime.SendAsync(HttpMethod.Post, "/api/orchestrators/DataUpdateOrchestration/DataUpdate");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        JsonElement done = await _runtime.WaitForStatusAsync(
            "DataUpdate", s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated", TimeSpan.FromSeconds(120));
        Assert.True(done.GetProperty("runtimeStatus").GetString() == "Completed", done.ToString());
        Assert.Equal("done", done.GetProperty("customStatus").GetProperty("stage").GetString());
        return done.GetProperty("output");
    }

    private async Task UploadAsync(string relative, string key)
    {
        await using FileStream file = File.OpenRead(Path.Combine(RepositoryPaths.Root, relative));
        await Store.WriteAsync(key, file);
    }

    private async Task<JsonElement> ReadJsonAsync(string key)
    {
        await using Stream stream = await Store.OpenReadAsync(key);
        return (await JsonDocument.ParseAsync(stream)).RootElement.Clone();
    }

    private async Task<List<JsonElement>> ReadLinesAsync(string key)
    {
        var lines = new List<JsonElement>();
        await using Stream stream = await Store.OpenReadAsync(key);
        await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
        {
            lines.Add(JsonDocument.Parse(line.Bytes).RootElement.Clone());
        }

        return lines;
    }

    private async Task<long> CountAsync(string sql, string? version)
    {
        await using var connection = new SqliteConnection($"Data Source={_metricsPath};Pooling=False");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        if (version is not null)
        {
            command.Parameters.AddWithValue("$v", version);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static JsonElement Source(JsonElement manifest, string name) =>
        manifest.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == name);

    private static SortedDictionary<string, long> Reasons(JsonElement reasons) =>
        new(reasons.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()), StringComparer.Ordinal);
}
