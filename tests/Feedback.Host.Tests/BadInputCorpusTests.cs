using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.Jsonl;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Feedback.Host.Tests;

/// <summary>
/// A corpus of malformed inputs at every entry point. Source export rows (broken JSON, wrong types,
/// missing fields, invalid and hostile MRs, huge texts, control characters, invalid UTF-8, duplicates)
/// go through a real data update next to valid rows: each bad row is quarantined with a reason and
/// counted, and every valid row reaches the dataset version. Bad HTTP requests go to every route: each
/// is answered 4xx with ProblemDetails, never 5xx. The figures go to artifacts/reliability/bad-input.md.
/// </summary>
public sealed class BadInputCorpusTests(ITestOutputHelper log)
{
    private static readonly string Long = new('x', 4001);

    [Fact]
    public async Task SourceRows_MalformedCorpusNextToValidRows_QuarantinesEachBadRowWithAReasonAndLosesNoValidRow()
    {
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?> { ["Durable:Backend"] = "InMemory" });
        IObjectStore store = runtime.Services.GetRequiredService<IObjectStore>();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await store.WriteAsync("reference/test.jsonl", test);
        }

        // Valid rows: 40 labelled (curated), 10 unlabelled with control characters and odd spacing, and 5 exact duplicates.
        List<JsonNode> curated = [.. File.ReadLines(Path.Combine(RepositoryPaths.Data, "curated", "train-100.jsonl")).Take(40).Select(l => JsonNode.Parse(l)!)];
        var valid = new List<byte[]>();
        valid.AddRange(curated.Select((n, i) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { id = $"ok-{i}", receivedAt = "2026-11-01T00:00:00Z", text = (string)n["text"]!, mr = (string)n["mr"]! }))));
        valid.AddRange(Enumerable.Range(0, 10).Select(i => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { id = $"odd-{i}", receivedAt = "2026-11-01T00:00:00Z", text = $"  Is\u0007 game   number {i}\u200B any good?\t" }))));
        List<byte[]> duplicates = [.. valid.Take(5)];
        List<byte[]> malformed = [.. MalformedSourceRows.Api()];
        var rows = new List<byte[]>();
        rows.AddRange(malformed.Take(20));
        rows.AddRange(valid.Take(25));
        rows.AddRange(malformed.Skip(20));
        rows.AddRange(valid.Skip(25));
        rows.AddRange(duplicates);
        await store.WriteAsync("sources/api/corpus.jsonl", new MemoryStream([.. rows.SelectMany(r => r.Append((byte)'\n'))]));
        await store.WriteAsync("sources/twitch/corpus.jsonl", new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', MalformedSourceRows.Twitch) + "\n")));
        await store.WriteAsync("sources/discord/corpus.jsonl", new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', MalformedSourceRows.Discord) + "\n")));

        DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(DataUpdateOrchestration), null, new StartOrchestrationOptions(DataUpdateOrchestration.SingletonInstanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(DataUpdateOrchestration.SingletonInstanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        DataUpdateResult result = done.ReadOutputAs<DataUpdateResult>()!;
        Assert.True(result.Outcome == DataUpdateOutcome.NewVersion, done.SerializedOutput);
        TaggedContent manifestContent = (await store.ReadTaggedAsync(StoreLayout.DatasetFile(result.DatasetVersion!, "manifest.json")))!;
        DatasetManifest manifest = JsonSerializer.Deserialize<DatasetManifest>(manifestContent.Content, PipelineJson.Options)!;

        int badRows = malformed.Count + MalformedSourceRows.Twitch.Length + MalformedSourceRows.Discord.Length;
        long quarantined = manifest.Sources.Sum(s => s.Quarantined);
        Assert.Equal(badRows, quarantined);
        Assert.Equal(malformed.Count, manifest.Sources.Single(s => s.Source == "api").Quarantined);
        Assert.Equal(duplicates.Count, manifest.Sources.Single(s => s.Source == "api").Duplicates);

        // Every quarantined row is stored with its reason and its original line.
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        int stored = 0;
        await foreach (StoredObject o in store.ListAsync("quarantine/"))
        {
            await using Stream stream = await store.OpenReadAsync(o.Key);
            await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
            {
                JsonElement q = JsonDocument.Parse(line.Bytes).RootElement;
                string reason = q.GetProperty("reason").GetString()!;
                Assert.False(string.IsNullOrWhiteSpace(q.GetProperty("message").GetString()));
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                stored++;
            }
        }

        Assert.Equal(badRows, stored);

        // No valid row lost: every valid record is in the version, the labelled ones in train or valid.
        Assert.Equal(valid.Count, manifest.Counts.NewLabelled + manifest.Counts.NewUnlabelled);
        Assert.Equal(curated.Count, manifest.Counts.NewLabelled);
        Assert.Equal(10, manifest.Counts.NewUnlabelled);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"source rows: {badRows} malformed ({malformed.Count} API, {MalformedSourceRows.Twitch.Length} Twitch, {MalformedSourceRows.Discord.Length} Discord) next to {valid.Count} valid rows and {duplicates.Count} duplicates");
        report.AppendLine(CultureInfo.InvariantCulture, $"quarantined {quarantined} (stored with reason and original: {stored}); by reason: {string.Join(", ", reasons.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}"))}");
        report.AppendLine(CultureInfo.InvariantCulture, $"valid rows in the dataset version: {manifest.Counts.NewLabelled + manifest.Counts.NewUnlabelled} of {valid.Count}; duplicates dropped: {duplicates.Count}; records lost: 0");
        await WriteReportAsync("bad-input-rows.md", report.ToString());
    }

    [Fact]
    public async Task HttpRoutes_MalformedRequests_AreAnswered4xxProblemDetailsNever5xx()
    {
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?> { ["Durable:Backend"] = "InMemory", ["Api:MaxPayloadBytes"] = "65536" });
        string running = $"running-{Guid.NewGuid():N}";
        using (HttpResponseMessage start = await runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{running}", """{"timerSeconds":300}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        string big = JsonSerializer.Serialize(new { text = new string('x', 70_000) });
        string tooMany = JsonSerializer.Serialize(Enumerable.Range(0, 1001).Select(i => new { text = $"t{i}" }));
        const string Instances = "/runtime/webhooks/durabletask/instances";
        var cases = new List<(string Name, HttpMethod Method, string Path, string? Body, bool Key, (string, string)? Header)>
        {
            ("feedback: not JSON", HttpMethod.Post, "/api/feedback", "not json", true, null),
            ("feedback: empty body", HttpMethod.Post, "/api/feedback", "", true, null),
            ("feedback: empty array", HttpMethod.Post, "/api/feedback", "[]", true, null),
            ("feedback: 1001 items", HttpMethod.Post, "/api/feedback", tooMany, true, null),
            ("feedback: item not an object", HttpMethod.Post, "/api/feedback", """[1]""", true, null),
            ("feedback: empty text", HttpMethod.Post, "/api/feedback", """{"text":""}""", true, null),
            ("feedback: text too long", HttpMethod.Post, "/api/feedback", JsonSerializer.Serialize(new { text = Long }), true, null),
            ("feedback: invalid MR", HttpMethod.Post, "/api/feedback", """{"text":"ok","mr":"praise(x)"}""", true, null),
            ("feedback: wrong type", HttpMethod.Post, "/api/feedback", """{"text":5}""", true, null),
            ("feedback: bad timestamp", HttpMethod.Post, "/api/feedback", """{"text":"ok","receivedAt":"later"}""", true, null),
            ("feedback: body over the limit", HttpMethod.Post, "/api/feedback", big, true, null),
            ("feedback: no key", HttpMethod.Post, "/api/feedback", """{"text":"ok"}""", false, null),
            ("feedback: wrong key", HttpMethod.Post, "/api/feedback", """{"text":"ok"}""", false, ("x-functions-key", "wrong-key-0123456789")),
            ("feedback: idempotency key with a space", HttpMethod.Post, "/api/feedback", """{"text":"ok"}""", true, ("Idempotency-Key", "a b")),
            ("feedback: deeply nested JSON", HttpMethod.Post, "/api/feedback", new string('[', 5000) + new string(']', 5000), true, null),
            ("feedback: invalid UTF-8", HttpMethod.Post, "/api/feedback", "{\"text\":\"\uFFFD\"", true, null),
            ("structure: not JSON", HttpMethod.Post, "/api/feedback/structure", "<xml/>", true, null),
            ("structure: empty body", HttpMethod.Post, "/api/feedback/structure", "", true, null),
            ("structure: empty text", HttpMethod.Post, "/api/feedback/structure", """{"text":""}""", true, null),
            ("structure: control characters only", HttpMethod.Post, "/api/feedback/structure", """{"text":"\u0000\u0007"}""", true, null),
            ("structure: text too long", HttpMethod.Post, "/api/feedback/structure", JsonSerializer.Serialize(new { text = Long }), true, null),
            ("structure: too many texts", HttpMethod.Post, "/api/feedback/structure", JsonSerializer.Serialize(new { texts = Enumerable.Repeat("a", 33) }), true, null),
            ("structure: texts not an array", HttpMethod.Post, "/api/feedback/structure", """{"texts":"a"}""", true, null),
            ("structure: text and texts", HttpMethod.Post, "/api/feedback/structure", """{"text":"a","texts":["b"]}""", true, null),
            ("structure: number", HttpMethod.Post, "/api/feedback/structure", """{"text":3}""", true, null),
            ("structure: array body", HttpMethod.Post, "/api/feedback/structure", """["a"]""", true, null),
            ("structure: null item", HttpMethod.Post, "/api/feedback/structure", """{"texts":["a",null]}""", true, null),
            ("structure: body over the limit", HttpMethod.Post, "/api/feedback/structure", big, true, null),
            ("structure: no key", HttpMethod.Post, "/api/feedback/structure", """{"text":"a"}""", false, null),
            ("structure: deeply nested JSON", HttpMethod.Post, "/api/feedback/structure", new string('[', 200) + new string(']', 200), true, null),
            ("start: unknown orchestration", HttpMethod.Post, "/api/orchestrators/NoSuchThing", null, true, null),
            ("start: malformed JSON input", HttpMethod.Post, "/api/orchestrators/RuntimeCheckOrchestration", "{bad", true, null),
            ("start: input over the limit", HttpMethod.Post, "/api/orchestrators/RuntimeCheckOrchestration", big, true, null),
            ("start: instance id with a hash", HttpMethod.Post, "/api/orchestrators/RuntimeCheckOrchestration/a%23b", null, true, null),
            ("start: instance id too long", HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{new string('i', 101)}", null, true, null),
            ("start: id already running", HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{running}", null, true, null),
            ("start: no key", HttpMethod.Post, "/api/orchestrators/RuntimeCheckOrchestration", null, false, null),
            ("start: wrong key in the query", HttpMethod.Post, "/api/orchestrators/RuntimeCheckOrchestration?code=nope-nope-nope-nope", null, false, null),
            ("status: unknown instance", HttpMethod.Get, $"{Instances}/no-such-instance", null, false, null),
            ("list: unknown runtime status", HttpMethod.Get, $"{Instances}?runtimeStatus=Sleeping", null, false, null),
            ("list: page size 0", HttpMethod.Get, $"{Instances}?top=0", null, false, null),
            ("list: page size 5000", HttpMethod.Get, $"{Instances}?top=5000", null, false, null),
            ("list: bad date", HttpMethod.Get, $"{Instances}?createdTimeFrom=notadate", null, false, null),
            ("raise: unknown instance", HttpMethod.Post, $"{Instances}/no-such-instance/raiseEvent/go", "1", true, null),
            ("raise: malformed JSON", HttpMethod.Post, $"{Instances}/{running}/raiseEvent/go", "{", true, null),
            ("raise: payload over the limit", HttpMethod.Post, $"{Instances}/{running}/raiseEvent/go", big, true, null),
            ("raise: no key", HttpMethod.Post, $"{Instances}/{running}/raiseEvent/go", "1", false, null),
            ("terminate: unknown instance", HttpMethod.Post, $"{Instances}/no-such-instance/terminate", null, true, null),
            ("terminate: no key", HttpMethod.Post, $"{Instances}/{running}/terminate", null, false, null),
            ("purge: unknown instance", HttpMethod.Delete, $"{Instances}/no-such-instance", null, true, null),
            ("purge: still running", HttpMethod.Delete, $"{Instances}/{running}", null, true, null),
            ("purge: no key", HttpMethod.Delete, $"{Instances}/{running}", null, false, null),
            ("report: path traversal", HttpMethod.Get, "/api/reports/..%2F..%2Fregistry/report.html", null, false, null),
            ("report: unknown file", HttpMethod.Get, "/api/reports/x/secrets.txt", null, false, null),
            ("report: unknown rollout", HttpMethod.Get, "/api/reports/no-such-rollout/report.html", null, false, null),
            ("datasets: none yet", HttpMethod.Get, "/api/datasets/latest", null, false, null),
            ("reports: none yet", HttpMethod.Get, "/api/reports/latest", null, false, null),
        };

        var answered = new Dictionary<int, int>();
        var failures = new List<string>();
        foreach ((string name, HttpMethod method, string path, string? body, bool key, (string, string)? header) in cases)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            if (key)
            {
                request.Headers.Add("x-functions-key", RuntimeUnderTest.ApiKey);
            }

            if (header is { } h)
            {
                request.Headers.TryAddWithoutValidation(h.Item1, h.Item2);
            }

            using HttpResponseMessage response = await runtime.Http.SendAsync(request);
            int status = (int)response.StatusCode;
            answered[status] = answered.GetValueOrDefault(status) + 1;
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{name}: {status} {response.Content.Headers.ContentType?.MediaType} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await WriteReportAsync("bad-input-http.md", string.Create(CultureInfo.InvariantCulture,
            $"HTTP requests: {cases.Count} malformed across every route; answered {string.Join(", ", answered.OrderBy(a => a.Key).Select(a => $"{a.Key} x{a.Value}"))}; 5xx: 0; all ProblemDetails\n"));
    }

    private async Task WriteReportAsync(string file, string text)
    {
        log.WriteLine(text);
        string folder = Path.Combine(RepositoryPaths.Root, "artifacts", "reliability");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, file), text);
    }
}
