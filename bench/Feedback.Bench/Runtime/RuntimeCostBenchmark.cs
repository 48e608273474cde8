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
    public static async Task<int> RunAsync(string[] args)
    {
        int sequence = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        int fanOut = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine("| backend | shape | activities | bare engine (ms per activity) | product runtime (ms per activity) | ratio product/bare |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        await using Azurite azurite = await Azurite.StartAsync();
        foreach (DurableBackend backend in new[] { DurableBackend.InMemory, DurableBackend.AzureStorage })
        {
            string? connection = backend == DurableBackend.AzureStorage ? azurite.ConnectionString : null;
            var bare = new Dictionary<string, double>();
            var product = new Dictionary<string, double>();
            await using (BareEngine engine = await BareEngine.StartAsync(backend, connection))
            {
                await engine.RunAsync(typeof(BareSequenceOrchestration), 5); // warm-up
                bare["sequence"] = await engine.RunAsync(typeof(BareSequenceOrchestration), sequence) / sequence;
                bare["fan-out"] = await engine.RunAsync(typeof(BareFanOutOrchestration), fanOut) / fanOut;
            }

            await using (ProductRuntime runtime = await ProductRuntime.StartAsync(backend, connection))
            {
                await runtime.RunAsync(nameof(NoOpSequenceOrchestration), 5); // warm-up
                product["sequence"] = await runtime.RunAsync(nameof(NoOpSequenceOrchestration), sequence) / sequence;
                product["fan-out"] = await runtime.RunAsync(nameof(NoOpFanOutOrchestration), fanOut) / fanOut;
            }

            foreach ((string shape, int n) in new[] { ("sequence", sequence), ("fan-out", fanOut) })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {backend} | {shape} | {n} | {bare[shape]:F2} | {product[shape]:F2} | {product[shape] / bare[shape]:F2} |"));
            }
        }

        return 0;
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
