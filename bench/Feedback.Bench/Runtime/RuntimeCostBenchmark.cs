using System.Diagnostics;
using System.Globalization;
using DurableTask.Core;
using Feedback.Host.Durable;
using Feedback.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Feedback.Testing;

namespace Feedback.Bench.Runtime;

/// <summary>
/// The runtime's own cost per activity: N no-op activities in sequence and a fan-out of N, through the
/// product's runtime (the self-hosted host as shipped: sidecar over gRPC, the wrapper, the SDK worker, default
/// options) and through the bare engine (DurableTask.Core's <see cref="TaskHubWorker"/> on the same backend
/// with the same settings, no product code), in the same run, on the in-memory backend and on Azurite.
/// </summary>
public static class RuntimeCostBenchmark
{
    /// <summary>How long each engine runs its sequence before the warm figures are taken: long enough for tiered JIT to settle.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(8);

    /// <summary>Measured runs per shape once warm; the table shows their median.</summary>
    private const int WarmRuns = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        int sequence = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        int fanOut = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"cold: the first run after start; warm: the median of {WarmRuns} runs after {WarmUp.TotalSeconds:F0} s of sequences on the same engine");
        Console.WriteLine("| backend | shape | activities | bare engine, cold (ms per activity) | product runtime, cold | ratio cold | bare engine, warm | product runtime, warm | ratio warm |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        await using Azurite azurite = await Azurite.StartAsync();
        foreach (DurableBackend backend in new[] { DurableBackend.InMemory, DurableBackend.AzureStorage })
        {
            string? connection = backend == DurableBackend.AzureStorage ? azurite.ConnectionString : null;
            Figures bare;
            Figures product;
            await using (BareEngine engine = await BareEngine.StartAsync(backend, connection))
            {
                bare = await MeasureAsync(
                    n => engine.RunAsync(typeof(BareSequenceOrchestration), n),
                    n => engine.RunAsync(typeof(BareFanOutOrchestration), n),
                    sequence,
                    fanOut);
            }

            await using (ProductRuntime runtime = await ProductRuntime.StartAsync(backend, connection))
            {
                product = await MeasureAsync(
                    n => runtime.RunAsync(nameof(NoOpSequenceOrchestration), n),
                    n => runtime.RunAsync(nameof(NoOpFanOutOrchestration), n),
                    sequence,
                    fanOut);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {backend} | sequence | {sequence} | {bare.ColdSequence:F2} | {product.ColdSequence:F2} | {product.ColdSequence / bare.ColdSequence:F2} | {bare.WarmSequence:F2} | {product.WarmSequence:F2} | {product.WarmSequence / bare.WarmSequence:F2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {backend} | fan-out | {fanOut} | {bare.ColdFanOut:F2} | {product.ColdFanOut:F2} | {product.ColdFanOut / bare.ColdFanOut:F2} | {bare.WarmFanOut:F2} | {product.WarmFanOut:F2} | {product.WarmFanOut / bare.WarmFanOut:F2} |"));
        }

        return 0;
    }

    /// <summary>Milliseconds per activity, on the first runs after start and once warm.</summary>
    private sealed record Figures(double ColdSequence, double ColdFanOut, double WarmSequence, double WarmFanOut);

    /// <summary>
    /// The first run of each shape (after a 5-activity start-up run), then sequences for <see cref="WarmUp"/>, then
    /// <see cref="WarmRuns"/> runs of each shape, interleaved.
    /// </summary>
    private static async Task<Figures> MeasureAsync(Func<int, Task<double>> runSequence, Func<int, Task<double>> runFanOut, int sequence, int fanOut)
    {
        await runSequence(5);
        double coldSequence = await runSequence(sequence) / sequence;
        double coldFanOut = await runFanOut(fanOut) / fanOut;
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < WarmUp)
        {
            await runSequence(sequence);
        }

        await runFanOut(fanOut);
        var sequences = new List<double>();
        var fanOuts = new List<double>();
        for (int i = 0; i < WarmRuns; i++)
        {
            sequences.Add(await runSequence(sequence) / sequence);
            fanOuts.Add(await runFanOut(fanOut) / fanOut);
        }

        return new Figures(coldSequence, coldFanOut, Median(sequences), Median(fanOuts));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static DurableRuntimeOptions Shipped(DurableBackend backend, string? connection) => new()
    {
        Backend = backend,
        ConnectionString = connection,
        TaskHubName = $"bench{Guid.NewGuid():N}"[..20],
    };

    /// <summary>DurableTask.Core alone on the backend the runtime creates (<see cref="DurableSidecar.CreateBackendAsync"/>), with the options the product ships.</summary>
    private sealed class BareEngine(IOrchestrationService service, TaskHubWorker worker, TaskHubClient client) : IAsyncDisposable
    {
        public static async Task<BareEngine> StartAsync(DurableBackend backend, string? connection)
        {
            DurableRuntimeOptions o = Shipped(backend, connection);
            IOrchestrationService service = await DurableSidecar.CreateBackendAsync(o, NullLoggerFactory.Instance);
            var worker = new TaskHubWorker(service, NullLoggerFactory.Instance);
            worker.AddTaskOrchestrations(typeof(BareSequenceOrchestration), typeof(BareFanOutOrchestration));
            worker.AddTaskActivities(typeof(BareNoOpActivity));
            await worker.StartAsync();
            return new BareEngine(service, worker, new TaskHubClient((IOrchestrationServiceClient)service, loggerFactory: NullLoggerFactory.Instance));
        }

        public async Task<double> RunAsync(Type orchestration, int activities)
        {
            var watch = Stopwatch.StartNew();
            OrchestrationInstance instance = await client.CreateOrchestrationInstanceAsync(orchestration, activities);
            OrchestrationState state = await client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(10));
            if (state?.OrchestrationStatus != OrchestrationStatus.Completed)
            {
                throw new InvalidOperationException($"bare {orchestration.Name} ended {state?.OrchestrationStatus}: {state?.Output}");
            }

            return watch.Elapsed.TotalMilliseconds;
        }

        public async ValueTask DisposeAsync()
        {
            await worker.StopAsync(isForced: true);
            worker.Dispose();
            if (service is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    /// <summary>The self-hosted runtime as shipped (<see cref="FeedbackRuntime.Build"/>), with the bench's tasks added to its worker.</summary>
    private sealed class ProductRuntime(WebApplication app) : IAsyncDisposable
    {
        public static async Task<ProductRuntime> StartAsync(DurableBackend backend, string? connection)
        {
            DurableRuntimeOptions o = Shipped(backend, connection);
            string root = Path.Combine(Path.GetTempPath(), "feedback-bench", Guid.NewGuid().ToString("N"));
            var settings = new Dictionary<string, string?>
            {
                ["Durable:Backend"] = backend.ToString(),
                ["Durable:TaskHubName"] = o.TaskHubName,
                ["AzureWebJobsStorage"] = connection,
                ["ObjectStore:Root"] = Path.Combine(root, "store"),
                ["Metrics:SqlitePath"] = Path.Combine(root, "metrics.db"),
                ["Triggers:Schedule:Orchestration"] = string.Empty,
                ["Triggers:Blob:Orchestration"] = string.Empty,
                ["Api:ApiKey"] = Guid.NewGuid().ToString("N"),
            };
            WebApplication app = FeedbackRuntime.Build([.. settings.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}")], builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Services.AddDurableTaskWorker(worker => worker.AddTasks(r =>
                {
                    r.AddOrchestrator<NoOpSequenceOrchestration>();
                    r.AddOrchestrator<NoOpFanOutOrchestration>();
                    r.AddActivity<NoOpActivity>();
                }));
            });
            await app.StartAsync();
            return new ProductRuntime(app);
        }

        public async Task<double> RunAsync(string orchestration, int activities)
        {
            DurableTaskClient client = app.Services.GetRequiredService<DurableTaskClient>();
            var watch = Stopwatch.StartNew();
            string id = await client.ScheduleNewOrchestrationInstanceAsync(orchestration, activities);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"product {orchestration} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
            }

            return watch.Elapsed.TotalMilliseconds;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
