using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Feedback.Emulator;
using Feedback.Emulator.Platform;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Feedback.Host.Tests;

/// <summary>
/// The loop on the durable backend (Azurite) with the host killed (SIGKILL) at seeded random points:
/// the source exports land, the blob trigger starts the data update, its event starts the model update,
/// which fine-tunes, deploys and rolls out. Each run kills the host once or twice and restarts it; every
/// run must complete with exactly one fine-tuning job, one dataset version and a consistent registry.
/// <c>FEEDBACK_CRASH_RUNS</c> (default 10) and <c>FEEDBACK_CRASH_SEED</c> (default 20261129) make the
/// long variant (<c>bash eng/reliability.sh</c>) and reproduce a run.
/// </summary>
public sealed class CrashRestartLoopTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Token = "crash-loop-token-0123456";
    private const string BaseModel = "mistralai/Mistral-7B-Instruct-v0.1";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-crash-loop-");
    private Azurite _azurite = null!;
    private WebApplication _emulator = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _emulator = await EmulatorApp.StartInProcessAsync(Token, Path.Combine(_work.FullName, "artifacts"), jobStepDelay: TimeSpan.FromMilliseconds(1000), serviceStartDelay: TimeSpan.FromMilliseconds(200));
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await _azurite.DisposeAsync();
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Fact]
    public async Task Loop_HostKilledAtSeededRandomPoints_EveryRunCompletesWithOneJobOneVersionAndAConsistentRegistry()
    {
        int runs = int.Parse(Environment.GetEnvironmentVariable("FEEDBACK_CRASH_RUNS") ?? "10", CultureInfo.InvariantCulture);
        int seed = int.Parse(Environment.GetEnvironmentVariable("FEEDBACK_CRASH_SEED") ?? "20261129", CultureInfo.InvariantCulture);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"crash-restart: {runs} runs, seed {seed}");
        report.AppendLine("| run | kills | killed at (ms after start) | running when killed | outcome | jobs | dataset versions | model updates | seconds |");
        report.AppendLine("|---:|---:|---|---|---|---:|---:|---:|---:|");
        int kills = 0;
        for (int run = 0; run < runs; run++)
        {
            RunResult result = await RunOnceAsync(run, new Random(seed + run));
            kills += result.KilledAt.Count;
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {run} | {result.KilledAt.Count} | {string.Join(", ", result.KilledAt)} | {string.Join("; ", result.Phases)} | {result.Outcome} | {result.Jobs} | {result.Versions} | {result.ModelUpdates} | {result.Seconds:F0} |");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"{runs} runs, {kills} kills, {runs} completed, 0 duplicate jobs, 0 extra dataset versions");
        log.WriteLine(report.ToString());
        string artifacts = Path.Combine(RepositoryPaths.Root, "artifacts", "reliability");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "crash-restart.md"), report.ToString());
    }

    private sealed record RunResult(List<int> KilledAt, List<string> Phases, string Outcome, int Jobs, int Versions, int ModelUpdates, double Seconds);

    private async Task<RunResult> RunOnceAsync(int run, Random random)
    {
        var clock = Stopwatch.StartNew();
        string store = Path.Combine(_work.FullName, $"run-{run}", "store");
        string queue = $"dt-crash-{run}";
        string service = $"viggo-crash-{run}";
        var objects = new FileSystemObjectStore(store);
        await CopyAsync(objects, "test/test.jsonl", "reference/test.jsonl");
        foreach (string export in new[] { "sources/discord/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl", "sources/discord/2026-11-02.jsonl" })
        {
            await CopyAsync(objects, export, export);
        }

        var settings = new Dictionary<string, string>
        {
            ["Durable__ConnectionString"] = _azurite.ConnectionString,
            ["Durable__TaskHubName"] = $"CrashLoop{run}x{random.Next(1000, 9999)}",
            ["Durable__WorkItemQueueVisibilityTimeout"] = "00:00:05",
            ["Durable__ControlQueueVisibilityTimeout"] = "00:00:05",
            ["Anyscale__BaseUrl"] = _emulator.Urls.First(),
            ["Anyscale__Token"] = Token,
            ["Anyscale__ProjectId"] = "prj_feedback",
            ["Anyscale__FineTuneBuildId"] = Feedback.Emulator.EmulatorDefaults.FineTuneBuildId,
            ["Anyscale__FineTuneComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId,
            ["Anyscale__ServingBuildId"] = Feedback.Emulator.EmulatorDefaults.ServingBuildId,
            ["Anyscale__ServingComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId,
            ["ObjectStore__Root"] = store,
            ["Triggers__Blob__Orchestration"] = nameof(DataUpdateOrchestration),
            ["Triggers__Blob__PollingInterval"] = "00:00:00.500",
            ["Triggers__Blob__SettlePolls"] = "1",
            ["Triggers__Queue__Orchestration"] = nameof(ModelUpdateOrchestration),
            ["Triggers__Queue__QueueName"] = queue,
            ["Triggers__Queue__PollingInterval"] = "00:00:00.300",
            ["Triggers__Queue__VisibilityTimeout"] = "00:00:05",
            ["DataUpdate__EventQueue"] = queue,
            ["ModelUpdate__ServiceName"] = service,
            ["ModelUpdate__FirstPoll"] = "00:00:00.300",
            ["ModelUpdate__MaxPoll"] = "00:00:01",
        };

        int port = HostProcess.FreePort();
        var output = new ConcurrentQueue<string>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var killedAt = new List<int>();
        var phases = new List<string>();
        int killCount = random.Next(1, 3);
        Process host = HostProcess.Start(port, settings, output);
        try
        {
            await HostProcess.WaitForHealthAsync(http, host, output);
            var sinceStart = Stopwatch.StartNew();
            for (int kill = 0; kill < killCount; kill++)
            {
                // The healthy loop takes about 5 s from start: the first kill lands in it, a second one early in the recovery.
                int at = kill == 0 ? random.Next(300, 5000) : random.Next(200, 2500);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, at - sinceStart.ElapsedMilliseconds)));
                phases.Add(await RunningAsync(http));
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
                host.Dispose();
                killedAt.Add(at);
                host = HostProcess.Start(port, settings, output);
                await HostProcess.WaitForHealthAsync(http, host, output);
                sinceStart.Restart();
            }

            // After the last restart: wait until a model update completed and nothing runs any more.
            DateTime deadline = DateTime.UtcNow.AddMinutes(3);
            List<JsonElement> instances = [];
            while (DateTime.UtcNow < deadline)
            {
                instances = await InstancesAsync(http);
                bool updated = instances.Any(i => i.GetProperty("name").GetString() == nameof(ModelUpdateOrchestration) && i.GetProperty("runtimeStatus").GetString() == "Completed");
                bool quiet = instances.All(i => i.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated");
                if (updated && quiet)
                {
                    break;
                }

                await Task.Delay(300);
            }

            string summary = string.Join("\n", instances.Select(i => $"{i.GetProperty("name")} {i.GetProperty("instanceId")} {i.GetProperty("runtimeStatus")} {i.GetProperty("output")}"));
            Assert.True(instances.All(i => i.GetProperty("runtimeStatus").GetString() == "Completed"), $"run {run}: not every instance completed\n{summary}\n{string.Join('\n', output.TakeLast(40))}");
            JsonElement[] updates = [.. instances.Where(i => i.GetProperty("name").GetString() == nameof(ModelUpdateOrchestration))];
            Assert.True(updates.Length >= 1, $"run {run}: no model update\n{summary}");
            string[] outcomes = [.. updates.Select(u => u.GetProperty("output").GetProperty("outcome").GetString()!)];
            Assert.Equal(1, outcomes.Count(o => o == "promoted"));
            Assert.All(outcomes, o => Assert.Contains(o, new[] { "promoted", "below-threshold" }));

            // One dataset version for the one distinct input, and the ledger points at it.
            string[] versions = Directory.GetDirectories(Path.Combine(store, "datasets")).Select(Path.GetFileName).ToArray()!;
            Assert.Single(versions);
            Assert.Equal(versions[0], (await IngestionLedger.ReadAsync(objects)).CurrentVersion);

            // Exactly one fine-tuning job for the one logical fine-tune.
            // (This run's: its package lives in this run's store, so its job name differs from other runs'.)
            string jobPrefix = $"viggo-ft-{versions[0]}-";
            string runStore = new Uri(Path.GetFullPath(store)).AbsoluteUri;
            EmulatedJob[] jobs = [.. _emulator.Services.GetRequiredService<JobRunner>().All.Where(j =>
                j.Name.StartsWith(jobPrefix, StringComparison.Ordinal) && ((string?)j.Config["runtime_env"]?["working_dir"] ?? string.Empty).StartsWith(runStore, StringComparison.Ordinal))];
            Assert.True(jobs.Length == 1, $"run {run}: {jobs.Length} jobs: {string.Join(", ", jobs.Select(j => $"{j.Name} {j.State}"))}");

            // The registry: one model, the champion, one promotion, no dangling challenger.
            ModelRegistryDocument registry = await new ModelRegistry(objects).ReadAsync();
            string model = $"{BaseModel}:ds-{versions[0]}";
            Assert.Equal(model, registry.Champion);
            Assert.Null(registry.Challenger);
            Assert.Equal([model], registry.Models.Select(m => m.ModelId));
            Assert.Equal("champion", registry.Models[0].State);
            Assert.Single(registry.History);
            return new RunResult(killedAt, phases, "promoted", jobs.Length, versions.Length, updates.Length, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            host.Dispose();
        }
    }

    private static async Task<string> RunningAsync(HttpClient http)
    {
        try
        {
            var running = (await InstancesAsync(http)).Where(i => i.GetProperty("runtimeStatus").GetString() is "Running" or "Pending")
                .Select(i => $"{i.GetProperty("name").GetString()!.Replace("Orchestration", string.Empty, StringComparison.Ordinal)}{(i.GetProperty("customStatus").ValueKind == JsonValueKind.String ? ":" + i.GetProperty("customStatus").GetString() : string.Empty)}")
                .ToList();
            return running.Count == 0 ? "idle" : string.Join(" + ", running);
        }
        catch (HttpRequestException)
        {
            return "unknown";
        }
    }

    private static async Task<List<JsonElement>> InstancesAsync(HttpClient http) =>
        await http.GetFromJsonAsync<List<JsonElement>>("/runtime/webhooks/durabletask/instances?top=200&showInput=true") ?? [];

    private static async Task CopyAsync(FileSystemObjectStore objects, string relative, string key)
    {
        await using FileStream file = File.OpenRead(Path.Combine(RepositoryPaths.Data, relative));
        await objects.WriteAsync(key, file);
    }
}
