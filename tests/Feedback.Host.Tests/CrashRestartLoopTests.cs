using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Feedback.Emulator;
using Microsoft.AspNetCore.Builder;
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
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-crash-loop-");
    private Azurite _azurite = null!;
    private WebApplication _emulator = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _emulator = await EmulatorApp.StartInProcessAsync(LoopOnTaskHub.Token, Path.Combine(_work.FullName, "artifacts"), jobStepDelay: TimeSpan.FromMilliseconds(1000), serviceStartDelay: TimeSpan.FromMilliseconds(200));
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
        LoopOnTaskHub scenario = await LoopOnTaskHub.CreateAsync(Path.Combine(_work.FullName, $"run-{run}"), $"CrashLoop{run}x{random.Next(1000, 9999)}", _azurite, _emulator);
        // A restarted host gets a fresh port: the killed one's port may be taken by another process meanwhile.
        int port = HostProcess.FreePort();
        var output = new ConcurrentQueue<string>();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var killedAt = new List<int>();
        var phases = new List<string>();
        int killCount = random.Next(1, 3);
        Process host = HostProcess.Start(port, scenario.Settings, output);
        try
        {
            await HostProcess.WaitForHealthAsync(http, host, output);
            var sinceStart = Stopwatch.StartNew();
            for (int kill = 0; kill < killCount; kill++)
            {
                // The healthy loop takes about 5 s from start: the first kill lands in it, a second one early in the recovery.
                // The kill point is a moment in time by design (a seeded random instant), not a wait for a condition.
                int at = kill == 0 ? random.Next(300, 5000) : random.Next(200, 2500);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, at - sinceStart.ElapsedMilliseconds)));
                phases.Add(await LoopOnTaskHub.RunningAsync(http));
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
                host.Dispose();
                killedAt.Add(at);
                port = HostProcess.FreePort();
                http.Dispose();
                http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
                host = HostProcess.Start(port, scenario.Settings, output);
                await HostProcess.WaitForHealthAsync(http, host, output);
                sinceStart.Restart();
            }

            List<JsonElement> instances;
            try
            {
                instances = await LoopOnTaskHub.WaitUntilDoneAsync(http, TimeSpan.FromMinutes(3));
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"run {run}: {e.Message}\n{string.Join('\n', output.TakeLast(40))}", e);
            }

            (int jobs, int updates, int versions) = await scenario.AssertRanOnceAsync(instances, _emulator, $"run {run}");
            return new RunResult(killedAt, phases, "promoted", jobs, versions, updates, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            http.Dispose();
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            host.Dispose();
        }
    }
}
