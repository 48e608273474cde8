using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Feedback.Emulator;
using Feedback.Emulator.Learning;
using Feedback.Integrations;
using Feedback.Integrations.Storage;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Bench;

/// <summary>
/// The rollout's evaluation fan-out (champion and challenger on the 400-item test set, batches of 50 (the default),
/// a limit of concurrent batches) against the same 800 calls made directly with the same concurrency,
/// in the same run, through the emulator's chat endpoint; and the most calls ever in flight.
/// </summary>
public static class EvaluationBenchmark
{
    public static async Task<int> RunAsync()
    {
        var test = File.ReadLines(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")).Select(l => JsonNode.Parse(l)!).Select(n => ((string)n["text"]!, (string)n["mr"]!)).ToList();
        var curated = File.ReadLines(Path.Combine(RepositoryPaths.Data, "curated", "train-100.jsonl")).Select(l => JsonNode.Parse(l)!).Select(n => ((string)n["text"]!, (string)n["mr"]!)).ToList();
        var expansion = File.ReadLines(Path.Combine(RepositoryPaths.Data, "expansion", "train-500.jsonl")).Select(l => JsonNode.Parse(l)!).Select(n => ((string)n["text"]!, (string)n["mr"]!)).ToList();
        DirectoryInfo work = Directory.CreateTempSubdirectory("bench-evaluation-");
        await using var emulator = await EmulatorApp.StartInProcessAsync("emulator-token", Path.Combine(work.FullName, "artifacts"), serviceStartDelay: TimeSpan.FromMilliseconds(0));
        MrModel championModel = MrModel.Train(curated, out _);
        MrModel challengerModel = MrModel.Train([.. curated, .. expansion], out _);
        // The adapters go where the product publishes them in the runtime's store, so its promotion applies the same config.
        string adapters = Path.Combine(work.FullName, "store");
        await EmulatorSeeding.DeployAsync(emulator, adapters, "viggo-bench", "base:champion", championModel);
        await EmulatorSeeding.DeployAsync(emulator, adapters, "viggo-bench", "base:challenger", challengerModel, canaryPercent: 0);

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Anyscale:BaseUrl"] = emulator.Urls.First(),
            ["Anyscale:Token"] = "emulator-token",
            ["Anyscale:ProjectId"] = EmulatorDefaults.ProjectId,
            ["Anyscale:FineTuneBuildId"] = Feedback.Emulator.EmulatorDefaults.FineTuneBuildId,
            ["Anyscale:FineTuneComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId,
            ["Anyscale:ServingBuildId"] = Feedback.Emulator.EmulatorDefaults.ServingBuildId,
            ["Anyscale:ServingComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId,
        }).Build();
        await using ServiceProvider platform = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddAnyscale(configuration).BuildServiceProvider();
        var counting = new CountingEndpoint(platform.GetRequiredService<IModelEndpoint>());
        var store = new FileSystemObjectStore(Path.Combine(work.FullName, "store"));

        await using (FileStream file = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await store.WriteAsync("reference/test.jsonl", file);
        }

        // The product's self-hosted runtime on its embedded backend (the sidecar with its concurrency wrapper).
        await using Microsoft.AspNetCore.Builder.WebApplication runtime = Feedback.Host.Hosting.FeedbackRuntime.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Durable:Backend=InMemory",
            "--Durable:MaxConcurrentActivities=16",
            $"--ObjectStore:Root={Path.Combine(work.FullName, "store")}",
            "--Api:ApiKey=bench-key-0123456789abcdef",
            "--Triggers:Schedule:Orchestration=",
            "--Triggers:Blob:Orchestration=",
            $"--Anyscale:BaseUrl={emulator.Urls.First()}",
            "--Anyscale:Token=emulator-token",
            $"--Anyscale:ProjectId={EmulatorDefaults.ProjectId}",
            $"--Anyscale:FineTuneBuildId={Feedback.Emulator.EmulatorDefaults.FineTuneBuildId}",
            $"--Anyscale:FineTuneComputeConfigId={Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId}",
            $"--Anyscale:ServingBuildId={Feedback.Emulator.EmulatorDefaults.ServingBuildId}",
            $"--Anyscale:ServingComputeConfigId={Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId}",
            "--Logging:LogLevel:Default=Warning",
        ], builder => builder.Services.AddSingleton<IModelEndpoint>(counting));
        await runtime.StartAsync();
        DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();

        // Warm-up: clients, JIT, connections.
        foreach ((string text, _) in test.Take(50))
        {
            await counting.CompleteAsync("viggo-bench", "base:champion", text, false);
            await counting.CompleteAsync("viggo-bench", "base:challenger", text, true);
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {test.Count} test items x 2 models, batches of 50 (the default)");
        Console.WriteLine("| concurrency limit | direct calls (items/s) | evaluation fan-out (items/s) | ratio fan-out/direct | whole rollout (items/s) | ratio whole/direct | most calls in flight (fan-out) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int limit in new[] { 1, 4, 8 })
        {
            // Each round gets its own service: champion on the primary, challenger on a 0% canary.
            string service = $"viggo-bench-{limit}";
            await EmulatorSeeding.DeployAsync(emulator, adapters, service, "base:champion", championModel);
            await EmulatorSeeding.DeployAsync(emulator, adapters, service, "base:challenger", challengerModel, canaryPercent: 0);
            foreach ((string text, _) in test.Take(20))
            {
                await counting.CompleteAsync(service, "base:champion", text, false);
                await counting.CompleteAsync(service, "base:challenger", text, true);
            }

            var calls = test.SelectMany(t => new[] { (t.Item1, Model: "base:champion", Canary: false), (t.Item1, Model: "base:challenger", Canary: true) }).ToList();
            counting.Reset();
            var direct = Stopwatch.StartNew();
            await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = limit }, async (c, ct) => await counting.CompleteAsync(service, c.Model, c.Item1, c.Canary, ct));
            direct.Stop();

            // The registry is global: each round starts with no champion, so the primary's model is compared.
            string registryFile = Path.Combine(work.FullName, "store", "registry", "models.json");
            if (File.Exists(registryFile))
            {
                File.Delete(registryFile);
            }

            counting.Reset();
            var fanOut = Stopwatch.StartNew();
            string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(RolloutOrchestration),
                new RolloutRequest(service, "base:challenger", "base:champion", BatchSize: 50, MaxConcurrentBatches: limit));
            OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
            fanOut.Stop();
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                Console.Error.WriteLine($"rollout {done.RuntimeStatus}: {done.SerializedOutput}");
                return 1;
            }

            int maxInFlight = counting.MaxInFlight;
            double directRate = calls.Count / direct.Elapsed.TotalSeconds;
            double evaluationRate = calls.Count / counting.Span.TotalSeconds;
            double wholeRate = calls.Count / fanOut.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {limit} | {directRate:N0} | {evaluationRate:N0} | {evaluationRate / directRate:F2} | {wholeRate:N0} | {wholeRate / directRate:F2} | {maxInFlight} |"));
            if (maxInFlight > limit)
            {
                Console.Error.WriteLine($"concurrency {maxInFlight} exceeded the limit {limit}");
                return 1;
            }
        }

        await runtime.StopAsync();
        await emulator.StopAsync();
        work.Delete(recursive: true);
        return 0;
    }

    /// <summary>Counts calls in flight around the real endpoint.</summary>
    private sealed class CountingEndpoint(IModelEndpoint inner) : IModelEndpoint
    {
        private int _inFlight;
        private int _max;
        private long _first = long.MaxValue;
        private long _last;

        public int MaxInFlight => Volatile.Read(ref _max);

        /// <summary>From the first call's start to the last call's end.</summary>
        public TimeSpan Span => Stopwatch.GetElapsedTime(Interlocked.Read(ref _first), Interlocked.Read(ref _last));

        public void Reset()
        {
            Volatile.Write(ref _max, 0);
            Interlocked.Exchange(ref _first, long.MaxValue);
            Interlocked.Exchange(ref _last, 0);
        }

        public async Task<string> CompleteAsync(string serviceName, string modelId, string text, bool canary, CancellationToken cancellationToken = default)
        {
            long started = Stopwatch.GetTimestamp();
            long first;
            while (started < (first = Interlocked.Read(ref _first)) && Interlocked.CompareExchange(ref _first, started, first) != first)
            {
            }

            int now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            try
            {
                return await inner.CompleteAsync(serviceName, modelId, text, canary, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                long ended = Stopwatch.GetTimestamp();
                long last;
                while (ended > (last = Interlocked.Read(ref _last)) && Interlocked.CompareExchange(ref _last, ended, last) != last)
                {
                }
            }
        }
    }
}
