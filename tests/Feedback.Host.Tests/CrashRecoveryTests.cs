using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Feedback.Host.Tests;

/// <summary>
/// Durability: the self-hosted runtime on the Azure Storage backend is killed (SIGKILL) while an
/// orchestration waits on a durable timer; started again, it finishes the orchestration, and no
/// activity ran twice.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Host_KilledDuringTimer_OrchestrationCompletesAfterRestartWithActivitiesRunOnce()
    {
        await using Azurite azurite = await Azurite.StartAsync();
        int port = HostProcess.FreePort();
        var output = new ConcurrentQueue<string>();
        string id = $"crash-{Guid.NewGuid():N}";
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        using (Process first = HostProcess.Start(port, Settings(azurite.ConnectionString), output))
        {
            try
            {
                await HostProcess.WaitForHealthAsync(http, first, output);
                using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{id}")
                {
                    Content = JsonContent.Create(new { simulatedFailures = 0, timerSeconds = 8, eventTimeoutSeconds = 0.5 }),
                };
                start.Headers.Add("x-functions-key", RuntimeUnderTest.ApiKey);
                using HttpResponseMessage started = await http.SendAsync(start);
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

                await HostProcess.WaitForStatusAsync(http, id, s => InstanceStatus.Stage(s) == "timer", TimeSpan.FromSeconds(60), output);
            }
            finally
            {
                first.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown, no lease release.
                await first.WaitForExitAsync();
            }
        }

        Assert.Equal(1, StepRuns(output, id, "activity"));
        Assert.Equal(0, StepRuns(output, id, "child"));

        // The restarted host gets a fresh port: the killed one's may have been taken by another process meanwhile.
        int secondPort = HostProcess.FreePort();
        using var secondHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{secondPort}"), Timeout = TimeSpan.FromSeconds(30) };
        using Process second = HostProcess.Start(secondPort, Settings(azurite.ConnectionString), output);
        try
        {
            await HostProcess.WaitForHealthAsync(secondHttp, second, output);
            JsonElement done = await HostProcess.WaitForStatusAsync(secondHttp, id, s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated", TimeSpan.FromSeconds(120), output);

            Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
            Assert.Equal(1, StepRuns(output, id, "activity"));
            Assert.Equal(1, StepRuns(output, id, "child"));
            Assert.Equal(second.Id, done.GetProperty("output").GetProperty("child").GetProperty("processId").GetInt32());
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }

    private static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["Durable__ConnectionString"] = connectionString,
        ["Durable__TaskHubName"] = "CrashTest",
        ["ObjectStore__Root"] = Path.Combine(Path.GetTempPath(), "feedback-tests", Guid.NewGuid().ToString("N")),
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__LogLevel__Feedback"] = "Information",
    };

    private static int StepRuns(IEnumerable<string> output, string id, string step) =>
        output.Count(line => line.Contains($"Runtime check step {step} of {id} ran", StringComparison.Ordinal));
}
