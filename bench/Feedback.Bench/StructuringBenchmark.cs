using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.FineTuning;
using Feedback.Emulator;
using Feedback.Emulator.Learning;
using Feedback.Integrations.Anyscale;
using Feedback.Integrations.Storage;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Bench;

/// <summary>
/// The structuring API (<c>POST /api/feedback/structure</c> on the self-hosted runtime: key check, body
/// limits, validation, the champion from the registry, the OpenAI-compatible client with standard
/// resilience, the MR grammar check) against the same texts sent directly to the model server's chat
/// endpoint, with the same number of concurrent clients, in the same run: throughput ratio and p50/p99 latency.
/// </summary>
public static class StructuringBenchmark
{
    private const string Service = "viggo-bench";
    private const string ApiKey = "bench-key-0123456789abcdef";

    public static async Task<int> RunAsync(string[] args)
    {
        int requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var texts = File.ReadLines(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")).Select(l => (string)JsonNode.Parse(l)!["text"]!).ToList();
        var curated = File.ReadLines(Path.Combine(RepositoryPaths.Data, "curated", "train-100.jsonl")).Select(l => JsonNode.Parse(l)!).Select(n => ((string)n["text"]!, (string)n["mr"]!)).ToList();
        var expansion = File.ReadLines(Path.Combine(RepositoryPaths.Data, "expansion", "train-500.jsonl")).Select(l => JsonNode.Parse(l)!).Select(n => ((string)n["text"]!, (string)n["mr"]!)).ToList();
        DirectoryInfo work = Directory.CreateTempSubdirectory("bench-structuring-");
        await using var emulator = await EmulatorApp.StartInProcessAsync("emulator-token", Path.Combine(work.FullName, "artifacts"), serviceStartDelay: TimeSpan.FromMilliseconds(0));
        const string champion = "base:champion";
        await EmulatorSeeding.DeployAsync(emulator, Path.Combine(work.FullName, "adapters"), Service, champion, MrModel.Train([.. curated, .. expansion], out _));

        string store = Path.Combine(work.FullName, "store");
        var registry = new ModelRegistry(new FileSystemObjectStore(store));
        await registry.RegisterChallengerAsync(new RegisteredModel(champion, "bench", "job", ModelState.Challenger, DateTimeOffset.UtcNow));
        await registry.PromoteAsync(champion, null, "bench", "bench", DateTimeOffset.UtcNow);

        await using Microsoft.AspNetCore.Builder.WebApplication runtime = Feedback.Host.Hosting.FeedbackRuntime.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Durable:Backend=InMemory",
            $"--ObjectStore:Root={store}",
            $"--Api:ApiKey={ApiKey}",
            "--Triggers:Schedule:Orchestration=",
            "--Triggers:Blob:Orchestration=",
            $"--Anyscale:BaseUrl={emulator.Urls.First()}",
            "--Anyscale:Token=emulator-token",
            $"--Anyscale:ProjectId={EmulatorDefaults.ProjectId}",
            $"--Anyscale:FineTuneBuildId={Feedback.Emulator.EmulatorDefaults.FineTuneBuildId}",
            $"--Anyscale:FineTuneComputeConfigId={Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId}",
            $"--Anyscale:ServingBuildId={Feedback.Emulator.EmulatorDefaults.ServingBuildId}",
            $"--Anyscale:ServingComputeConfigId={Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId}",
            $"--ModelUpdate:ServiceName={Service}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await runtime.StartAsync();
        (Uri modelBase, string modelToken) = (await runtime.Services.GetRequiredService<AnyscaleClient>().GetServiceEndpointAsync(Service))!.Value;

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        Uri chat = new(modelBase.ToString().TrimEnd('/') + "/v1/chat/completions");
        Uri api = new(new Uri(runtime.Urls.First()), "/api/feedback/structure");

        async Task Direct(string text)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, chat)
            {
                Content = JsonContent.Create(new
                {
                    model = champion,
                    temperature = 0,
                    messages = new[] { new { role = "system", content = ViggoPrompt.System }, new { role = "user", content = text } },
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", modelToken);
            using HttpResponseMessage response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsByteArrayAsync();
        }

        async Task Api(string text)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, api) { Content = new StringContent(JsonSerializer.Serialize(new { text }), Encoding.UTF8, "application/json") };
            request.Headers.Add("x-functions-key", ApiKey);
            using HttpResponseMessage response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsByteArrayAsync();
        }

        // Warm-up: JIT, connections, the champion cache.
        await Measure(texts, 200, 8, Direct);
        await Measure(texts, 200, 8, Api);

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; one text per request, loopback, the emulator's model server");
        Console.WriteLine("| model latency | clients | requests | direct (req/s) | API (req/s) | ratio API/direct | direct p50 / p99 (ms) | API p50 / p99 (ms) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        using var admin = new HttpClient { BaseAddress = new Uri(emulator.Urls.First()) };
        foreach (int latency in new[] { 0, 25 })
        {
            // 0: the emulator's model answers in well under a millisecond, so the API's own work is all that is measured.
            // 25 ms: a model server that takes as long as a small model on a GPU; the API's overhead is then a small share.
            using (HttpResponseMessage set = await admin.PostAsJsonAsync("/admin/faults", new { delayMs = latency }))
            {
                set.EnsureSuccessStatusCode();
            }

            int count = latency == 0 ? requests : Math.Max(100, requests / 5);
            foreach (int clients in new[] { 1, 8, 32 })
            {
                // Alternate the order so neither side always runs on a warmer machine.
                (double rate, double p50, double p99) direct, viaApi;
                if (clients % 2 == 0)
                {
                    direct = await Measure(texts, count, clients, Direct);
                    viaApi = await Measure(texts, count, clients, Api);
                }
                else
                {
                    viaApi = await Measure(texts, count, clients, Api);
                    direct = await Measure(texts, count, clients, Direct);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {latency} ms | {clients} | {count} | {direct.rate:N0} | {viaApi.rate:N0} | {viaApi.rate / direct.rate:F2} | {direct.p50:F2} / {direct.p99:F2} | {viaApi.p50:F2} / {viaApi.p99:F2} |"));
            }
        }

        await runtime.StopAsync();
        await emulator.StopAsync();
        work.Delete(recursive: true);
        return 0;
    }

    private static async Task<(double Rate, double P50, double P99)> Measure(List<string> texts, int requests, int clients, Func<string, Task> call)
    {
        var latencies = new double[requests];
        int next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                long start = Stopwatch.GetTimestamp();
                await call(texts[i % texts.Count]);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        clock.Stop();
        Array.Sort(latencies);
        return (requests / clock.Elapsed.TotalSeconds, latencies[(int)(requests * 0.50)], latencies[Math.Min(requests - 1, (int)(requests * 0.99))]);
    }
}
