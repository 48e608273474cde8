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
/// Scale-out as the README describes it: two self-hosted hosts on one Azurite task hub share the loop's work (each
/// runs the triggers, the orchestrations and the activities), one is killed (SIGKILL) in the middle of the loop, and
/// the other finishes it: one dataset version, one fine-tuning job, one promotion, and both hosts did work.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string ActivityLine = "completed activity";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-scale-out-");
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
    public async Task Loop_TwoHostsOnOneTaskHubOneKilledMidLoop_CompletesOnceAndBothHostsDidWork()
    {
        var clock = Stopwatch.StartNew();
        LoopOnTaskHub scenario = await LoopOnTaskHub.CreateAsync(_work.FullName, $"ScaleOut{Random.Shared.Next(1000, 9999)}", _azurite, _emulator);
        var settings = new Dictionary<string, string>(scenario.Settings)
        {
            // Each host logs the activities it completes: the test counts each host's share from its own output.
            ["Logging__LogLevel__Feedback.Host.Durable.SidecarOrchestrationService"] = "Debug",
        };
        int portA = HostProcess.FreePort();
        int portB = HostProcess.FreePort();
        var outputA = new ConcurrentQueue<string>();
        var outputB = new ConcurrentQueue<string>();
        using var httpA = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{portA}"), Timeout = TimeSpan.FromSeconds(30) };
        using var httpB = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{portB}"), Timeout = TimeSpan.FromSeconds(30) };
        Process hostA = HostProcess.Start(portA, settings, outputA);
        Process hostB = HostProcess.Start(portB, settings, outputB);
        try
        {
            await HostProcess.WaitForHealthAsync(httpA, hostA, outputA);
            await HostProcess.WaitForHealthAsync(httpB, hostB, outputB);

            // Mid-loop: a model update runs, and both hosts have done some of the work.
            string phase = await Wait.UntilAsync(
                () => LoopOnTaskHub.RunningAsync(httpB),
                running => running.Contains("ModelUpdate:", StringComparison.Ordinal) && Count(outputA) > 0 && Count(outputB) > 0,
                TimeSpan.FromMinutes(2),
                "a running model update with work done by both hosts");
            int activitiesA = Count(outputA);
            int activitiesBBeforeKill = Count(outputB);
            hostA.Kill(entireProcessTree: true);
            await hostA.WaitForExitAsync();
            double killedAtSeconds = clock.Elapsed.TotalSeconds;

            List<JsonElement> instances;
            try
            {
                instances = await LoopOnTaskHub.WaitUntilDoneAsync(httpB, TimeSpan.FromMinutes(4));
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\n{string.Join('\n', outputB.TakeLast(40))}", e);
            }

            (int jobs, int updates, int versions) = await scenario.AssertRanOnceAsync(instances, _emulator, "scale-out");
            int activitiesB = Count(outputB);
            Assert.True(activitiesA > 0 && activitiesB > activitiesBBeforeKill, $"host A completed {activitiesA} activities, host B {activitiesB}");

            var report = new StringBuilder();
            report.AppendLine("scale-out: two hosts on one Azurite task hub, host A killed (SIGKILL) mid-loop");
            report.AppendLine("| host | activities completed | killed | running when killed |");
            report.AppendLine("|---|---:|---|---|");
            report.AppendLine(CultureInfo.InvariantCulture, $"| A | {activitiesA} | at {killedAtSeconds:F0} s | {phase} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| B | {activitiesB} ({activitiesBBeforeKill} before the kill) | no | |");
            report.AppendLine(CultureInfo.InvariantCulture, $"{versions} dataset version, {jobs} fine-tuning job, 1 promotion, {updates} model update(s); {clock.Elapsed.TotalSeconds:F0} s");
            log.WriteLine(report.ToString());
            string artifacts = Path.Combine(RepositoryPaths.Root, "artifacts", "reliability");
            Directory.CreateDirectory(artifacts);
            await File.WriteAllTextAsync(Path.Combine(artifacts, "scale-out.md"), report.ToString());
        }
        finally
        {
            foreach (Process host in new[] { hostA, hostB })
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
                host.Dispose();
            }
        }
    }

    private static int Count(ConcurrentQueue<string> output) => output.Count(line => line.Contains(ActivityLine, StringComparison.Ordinal));
}
