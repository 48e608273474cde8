using System.Security.Cryptography;
using System.Text.Json;
using Feedback.Core.Datasets;
using Feedback.Host.Hosting;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Feedback.Host.Cli;

/// <summary>
/// The data update stage of <c>feedback run</c>: the self-hosted runtime on its embedded defaults
/// (in-memory durable backend, filesystem object store, SQLite metrics, in-process event queue),
/// fed with the committed exports, run three times: the first exports, the same again, and a later export.
/// </summary>
internal static class EmbeddedDataUpdate
{
    public static async Task<int> RunAsync(DirectoryInfo data, DirectoryInfo work, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (work.Exists)
        {
            work.Delete(recursive: true);
        }

        work.Create();
        string store = Path.Combine(work.FullName, "store");
        string metrics = Path.Combine(work.FullName, "metrics.db");
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Durable:Backend=InMemory",
            $"--ObjectStore:Root={store}",
            $"--Metrics:SqlitePath={metrics}",
            $"--Api:ApiKey={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}",
            "--Triggers:Schedule:Orchestration=",
            "--Triggers:Blob:Orchestration=",
            "--Logging:LogLevel:Default=Warning",
        ];
        await using WebApplication runtime = FeedbackRuntime.Build(args);
        await runtime.StartAsync(cancellationToken);
        try
        {
            IObjectStore objects = runtime.Services.GetRequiredService<IObjectStore>();
            IEventQueueClient queue = runtime.Services.GetRequiredService<IEventQueueClient>();
            DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();
            await output.WriteLineAsync($"  store {store}, metrics {metrics}");
            await CopyAsync(objects, data, "test/test.jsonl", "reference/test.jsonl", cancellationToken);
            foreach (string export in new[] { "sources/discord/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl", "sources/discord/2026-11-02.jsonl" })
            {
                await CopyAsync(objects, data, export, export, cancellationToken);
            }

            DataUpdateResult first = await RunOnceAsync(client, "exports of 2026-11-01 and 2026-11-02", objects, output, cancellationToken);
            DataUpdateResult again = await RunOnceAsync(client, "the same exports again", objects, output, cancellationToken);
            await CopyAsync(objects, data, "arrivals/discord/2026-11-08.jsonl", "sources/discord/2026-11-08.jsonl", cancellationToken);
            DataUpdateResult later = await RunOnceAsync(client, "a later Discord export", objects, output, cancellationToken);

            IReadOnlyList<string> events = await queue.PeekAsync("data-transformed", 32, cancellationToken);
            await output.WriteLineAsync($"  data-transformed events on the queue: {events.Count}");
            foreach (string e in events)
            {
                await output.WriteLineAsync($"    {e}");
            }

            foreach (string file in new[] { "train.jsonl", "valid.jsonl" })
            {
                await using Stream stream = await objects.OpenReadAsync(DataLayout.DatasetFile(later.DatasetVersion!, file), cancellationToken);
                LabelledFileSummary summary = await LabelledFileValidator.ValidateAsync(stream, _ => { }, cancellationToken);
                await output.WriteLineAsync($"  {later.DatasetVersion}/{file}: {summary.Valid} of {summary.Lines} chat examples valid");
                if (!summary.AllValid)
                {
                    await error.WriteLineAsync($"stage 3 failed: {file} of version {later.DatasetVersion} has invalid lines.");
                    return 1;
                }
            }

            bool expected = first.Outcome == "new-version" && again.Outcome == "no-new-objects" && later.Outcome == "new-version" && events.Count == 2;
            if (!expected)
            {
                await error.WriteLineAsync($"stage 3 failed: expected a version, no change, then a second version with two events; got {first.Outcome}, {again.Outcome}, {later.Outcome}, {events.Count} events.");
                return 1;
            }

            return 0;
        }
        finally
        {
            await runtime.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<DataUpdateResult> RunOnceAsync(DurableTaskClient client, string what, IObjectStore objects, TextWriter output, CancellationToken cancellationToken)
    {
        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(DataUpdateOrchestration), null, new StartOrchestrationOptions(DataUpdateOrchestration.SingletonInstanceId), cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"DataUpdate ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }

        DataUpdateResult result = done.ReadOutputAs<DataUpdateResult>()!;
        await output.WriteLineAsync($"  data update on {what}: {result.Outcome}, version {result.DatasetVersion ?? "-"} (parent {result.ParentVersion ?? "none"}), " +
            $"{result.ObjectsIngested} objects, {result.NewLabelledRecords} new labelled records, {result.TotalLabelledRecords} in all");
        if (result.Outcome == "new-version")
        {
            await using Stream manifest = await objects.OpenReadAsync(DataLayout.DatasetFile(result.DatasetVersion!, "manifest.json"), cancellationToken);
            DatasetManifest m = (await JsonSerializer.DeserializeAsync<DatasetManifest>(manifest, Pipeline.PipelineJson.Options, cancellationToken))!;
            foreach (Pipeline.Ports.SourceRunMetrics s in m.Sources)
            {
                string reasons = s.QuarantinedByReason.Count == 0 ? "none" : string.Join(", ", s.QuarantinedByReason.Select(r => $"{r.Key} {r.Value}"));
                await output.WriteLineAsync($"    {s.Source}: {s.RowsRead} rows, {s.Accepted} accepted, quarantined: {reasons}; {s.Duplicates} duplicates, {s.HeldOut} held out, {s.NewRecords} new ({s.NewLabelled} labelled)");
            }

            await output.WriteLineAsync($"    train {m.Counts.Train}, valid {m.Counts.Valid}, unlabelled {m.Counts.Unlabelled}");
        }

        return result;
    }

    private static async Task CopyAsync(IObjectStore objects, DirectoryInfo data, string relative, string key, CancellationToken cancellationToken)
    {
        await using FileStream file = File.OpenRead(Path.Combine(data.FullName, relative));
        await objects.WriteAsync(key, file, cancellationToken);
    }
}
