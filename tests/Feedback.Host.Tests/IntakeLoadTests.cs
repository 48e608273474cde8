using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
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
/// Thousands of feedback submissions through the intake API from concurrent clients on loopback, one
/// in ten sent twice (a client retry with the same idempotency key): every accepted record is stored
/// exactly once and reaches the next dataset version. <c>FEEDBACK_LOAD_SUBMISSIONS</c> (default 2000) and
/// <c>FEEDBACK_LOAD_CLIENTS</c> (default 16) size it; the figures go to artifacts/reliability/load.md.
/// </summary>
public sealed class IntakeLoadTests(ITestOutputHelper log)
{
    [Fact]
    public async Task PostFeedback_ThousandsFromConcurrentClientsWithRetries_StoresEveryAcceptedRecordExactlyOnce()
    {
        int submissions = int.Parse(Environment.GetEnvironmentVariable("FEEDBACK_LOAD_SUBMISSIONS") ?? "2000", CultureInfo.InvariantCulture);
        int clients = int.Parse(Environment.GetEnvironmentVariable("FEEDBACK_LOAD_CLIENTS") ?? "16", CultureInfo.InvariantCulture);
        const int ItemsPerSubmission = 2;
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "InMemory",
            ["DataUpdate:MaxParallelTransforms"] = "16",
        });
        IObjectStore store = runtime.Services.GetRequiredService<IObjectStore>();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await store.WriteAsync("reference/test.jsonl", test);
        }

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients };
        using var http = new HttpClient(handler) { BaseAddress = runtime.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var acceptedKeys = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        int next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < submissions)
            {
                string key = $"load-{i}";
                string body = JsonSerializer.Serialize(Enumerable.Range(0, ItemsPerSubmission).Select(k => new { text = $"Load test feedback {i}-{k}: is game {i % 97} any good?" }));
                int sends = i % 10 == 0 ? 2 : 1;
                for (int s = 0; s < sends; s++)
                {
                    long start = Stopwatch.GetTimestamp();
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("x-functions-key", RuntimeUnderTest.ApiKey);
                    request.Headers.Add("Idempotency-Key", key);
                    using HttpResponseMessage response = await http.SendAsync(request);
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                    if (response.IsSuccessStatusCode)
                    {
                        string stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
                        Assert.Equal(stored, acceptedKeys.GetOrAdd(key, stored));
                    }
                }
            }
        }));
        clock.Stop();

        int retries = (submissions + 9) / 10;
        Assert.Equal(submissions, statuses.GetValueOrDefault(HttpStatusCode.Accepted));
        Assert.Equal(retries, statuses.GetValueOrDefault(HttpStatusCode.OK));
        Assert.Equal(submissions + retries, statuses.Values.Sum());
        Assert.Equal(submissions, acceptedKeys.Count);

        // Exactly once in the store: one object per accepted submission, each with its items once.
        var texts = new HashSet<string>(StringComparer.Ordinal);
        int objects = 0, rows = 0;
        await foreach (StoredObject o in store.ListAsync("sources/api/"))
        {
            objects++;
            await using Stream stream = await store.OpenReadAsync(o.Key);
            await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
            {
                rows++;
                Assert.True(texts.Add(JsonDocument.Parse(line.Bytes).RootElement.GetProperty("text").GetString()!), "a record was stored twice");
            }
        }

        Assert.Equal(submissions, objects);
        Assert.Equal(submissions * ItemsPerSubmission, rows);

        // ... and once in the next dataset version.
        var update = Stopwatch.StartNew();
        DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(DataUpdateOrchestration), null, new StartOrchestrationOptions(DataUpdateOrchestration.SingletonInstanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(DataUpdateOrchestration.SingletonInstanceId, getInputsAndOutputs: true, timeout.Token);
        update.Stop();
        DataUpdateResult result = done.ReadOutputAs<DataUpdateResult>()!;
        Assert.Equal(submissions, result.ObjectsIngested);
        TaggedContent manifest = (await store.ReadTaggedAsync(StoreLayout.DatasetFile(result.DatasetVersion!, "manifest.json")))!;
        DatasetManifest parsed = JsonSerializer.Deserialize<DatasetManifest>(manifest.Content, PipelineJson.Options)!;
        Assert.Equal(submissions * ItemsPerSubmission, parsed.Counts.NewUnlabelled);
        Assert.Equal(0, parsed.Sources.Single(s => s.Source == "api").Duplicates);

        double[] sorted = [.. latencies.Order()];
        string report = string.Create(CultureInfo.InvariantCulture,
            $"intake load: {submissions} submissions x {ItemsPerSubmission} items from {clients} clients, {retries} retried with the same key; " +
            $"{clock.Elapsed.TotalSeconds:F1} s ({(submissions + retries) / clock.Elapsed.TotalSeconds:F0} requests/s, p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F1} ms); " +
            $"answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} x{s.Value}"))}; stored {rows} records in {objects} objects, each once; " +
            $"the data update took them all in {update.Elapsed.TotalSeconds:F1} s: {parsed.Counts.NewUnlabelled} new records, 0 duplicates; records lost: 0\n");
        log.WriteLine(report);
        string folder = Path.Combine(RepositoryPaths.Root, "artifacts", "reliability");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "load.md"), report);
    }
}
