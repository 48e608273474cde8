using System.Diagnostics;
using System.Globalization;
using System.Text;
using Feedback.Host.Durable;
using Feedback.Host.Hosting;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Bench;

/// <summary>
/// A whole data update at scale: N distinct rows in 20 Discord exports in S3 (s3rver) through the data update
/// orchestration on the Azure Storage durable backend (Azurite), in the self-hosted runtime as shipped.
/// Reports end-to-end rows per second, the host's peak working set, the activities run, and how both
/// grow from one size to the next. A fresh Azurite, s3rver and runtime per size.
/// </summary>
public static class DataUpdateBenchmark
{
    private const int Exports = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 2 && args[0] == "--one")
        {
            // One size in this process, its table row printed last (the parent runs each size in a fresh process).
            string[] templates = await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.Data, "sources", "discord", "2026-11-01.jsonl"));
            (double s, long mb) = await RunOnceAsync(int.Parse(args[1], CultureInfo.InvariantCulture), templates);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result {s:R} {mb}"));
            return 0;
        }

        int[] sizes = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [100_000, 1_000_000, 2_000_000];
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; host, Azurite and s3rver on the same machine; each size in a fresh process");
        Console.WriteLine("| rows | exports | MB in | data update (s) | rows/s end to end | activities run | transform activities (at once) | orchestration episodes | host working set before the update (MB) | peak working set of the host (MB) | peak managed heap (MB) | accepted | quarantined | dataset version |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var results = new List<(int Rows, double Seconds, long PeakMb)>();
        foreach (int rows in sizes)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string arg in new[] { "dataupdate", "--one", rows.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            using Process child = Process.Start(start) ?? throw new InvalidOperationException("the benchmark could not start itself");
            string? line;
            string? result = null;
            while ((line = await child.StandardOutput.ReadLineAsync()) is not null)
            {
                if (line.StartsWith("| ", StringComparison.Ordinal))
                {
                    Console.WriteLine(line);
                }
                else if (line.StartsWith("result ", StringComparison.Ordinal))
                {
                    result = line;
                }
            }

            await child.WaitForExitAsync();
            if (child.ExitCode != 0 || result is null)
            {
                Console.Error.WriteLine($"the run of {rows:N0} rows failed (exit code {child.ExitCode})");
                return 1;
            }

            string[] parts = result.Split(' ');
            results.Add((rows, double.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture)));
        }

        Console.WriteLine();
        for (int i = 1; i < results.Count; i++)
        {
            (int rows0, double s0, long m0) = results[i - 1];
            (int rows1, double s1, long m1) = results[i];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"growth {rows0:N0} -> {rows1:N0} rows ({(double)rows1 / rows0:F0}x): time {s1 / s0:F1}x, peak working set {(double)m1 / m0:F2}x"));
        }

        return 0;
    }

    private static async Task<(double Seconds, long PeakMb)> RunOnceAsync(int rows, string[] templates)
    {
        await using Azurite azurite = await Azurite.StartAsync();
        await using S3rver s3 = await S3rver.StartAsync();
        string root = Path.Combine(Path.GetTempPath(), "feedback-bench", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "AzureStorage",
            ["Durable:ConnectionString"] = azurite.ConnectionString,
            ["Durable:TaskHubName"] = "DataUpdateBench",
            ["ObjectStore:Kind"] = "S3",
            ["ObjectStore:Bucket"] = "feedback",
            ["ObjectStore:ServiceUrl"] = s3.ServiceUrl.ToString(),
            ["ObjectStore:ForcePathStyle"] = "true",
            ["ObjectStore:UseChunkEncoding"] = "false",
            ["ObjectStore:AccessKey"] = "S3RVER",
            ["ObjectStore:SecretKey"] = "S3RVER",
            ["Metrics:SqlitePath"] = Path.Combine(root, "metrics.db"),
            ["Triggers:Schedule:Orchestration"] = string.Empty,
            ["Triggers:Blob:Orchestration"] = string.Empty,
            ["Api:ApiKey"] = Guid.NewGuid().ToString("N"),
        };
        WebApplication app = FeedbackRuntime.Build([.. settings.Select(kv => $"--{kv.Key}={kv.Value}")], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        try
        {
            IObjectStore store = app.Services.GetRequiredService<IObjectStore>();
            await ((S3ObjectStore)store).EnsureBucketAsync();
            await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
            {
                await store.WriteAsync("reference/test.jsonl", test);
            }

            long bytes = 0;
            var exports = new List<SourceObjectRef>();
            for (int e = 0; e < Exports; e++)
            {
                string key = $"sources/discord/bench-{e:D2}.jsonl";
                long size = await WriteExportAsync(store, key, e * (rows / Exports), rows / Exports, templates);
                exports.Add(new SourceObjectRef("discord", "discord", key, string.Empty, size));
                bytes += size;
            }

            // How many transform activities the shipped plan makes of these exports, and how many run at once: the
            // transform phase's memory is that many transforms' buffers.
            DataUpdateOptions updateOptions = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataUpdateOptions>>().Value;
            int transformBatches = new TransformPlan(updateOptions.MaxParallelTransforms, updateOptions.TransformBatchObjects, updateOptions.TransformBatchBytes).Batch(exports).Count;
            int transformsAtOnce = Math.Min(transformBatches, updateOptions.MaxParallelTransforms);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            SidecarOrchestrationService sidecar = app.Services.GetRequiredService<DurableSidecar>().Service!;
            long activitiesBefore = sidecar.Work.ActivitiesCompleted;
            long episodesBefore = sidecar.Work.OrchestrationEpisodes;
            long peak = Environment.WorkingSet;
            long before = peak;
            long peakHeap = GC.GetTotalMemory(false);
            using var sampling = new CancellationTokenSource();
            Task sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, Environment.WorkingSet);
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                    try
                    {
                        await Task.Delay(100, sampling.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            });

            DurableTaskClient client = app.Services.GetRequiredService<DurableTaskClient>();
            var watch = Stopwatch.StartNew();
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(DataUpdateOrchestration), null, new StartOrchestrationOptions(DataUpdateOrchestration.SingletonInstanceId));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(60));
            OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(DataUpdateOrchestration.SingletonInstanceId, getInputsAndOutputs: true, timeout.Token);
            double seconds = watch.Elapsed.TotalSeconds;
            await sampling.CancelAsync();
            await sampler;
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"the data update ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
            }

            DataUpdateResult result = done.ReadOutputAs<DataUpdateResult>()!;
            TaggedContent manifestContent = (await store.ReadTaggedAsync(StoreLayout.DatasetFile(result.DatasetVersion!, "manifest.json")))!;
            DatasetManifest manifest = System.Text.Json.JsonSerializer.Deserialize<DatasetManifest>(manifestContent.Content, PipelineJson.Options)!;
            long accepted = manifest.Sources.Sum(s => s.Accepted);
            long quarantined = manifest.Sources.Sum(s => s.Quarantined);
            long peakMb = peak / 1024 / 1024;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rows:N0} | {Exports} | {bytes / 1024.0 / 1024.0:F0} | {seconds:F1} | {rows / seconds:N0} | {sidecar.Work.ActivitiesCompleted - activitiesBefore} | {transformBatches} ({transformsAtOnce}) | {sidecar.Work.OrchestrationEpisodes - episodesBefore} | {before / 1024 / 1024} | {peakMb} | {peakHeap / 1024 / 1024} | {accepted:N0} | {quarantined:N0} | {result.DatasetVersion} |"));
            return (seconds, peakMb);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<long> WriteExportAsync(IObjectStore store, string key, int first, int count, string[] templates)
    {
        string path = Path.GetTempFileName();
        try
        {
            await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
            {
                for (int i = first; i < first + count; i++)
                {
                    // Unique ids and texts make every row a distinct message (so the join de-duplicates nothing and
                    // the dataset version holds every row); a broken row every 997 rows, as exports have them.
                    string row = i % 997 == 0
                        ? "{\"id\": \"broken"
                        : templates[i % templates.Length]
                            .Replace("\"id\":\"", $"\"id\":\"{i}-", StringComparison.Ordinal)
                            .Replace("\"content\":\"", $"\"content\":\"#{i} ", StringComparison.Ordinal);
                    await writer.WriteLineAsync(row);
                }
            }

            await using FileStream file = File.OpenRead(path);
            await store.WriteAsync(key, file);
            return file.Length;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
