using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
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
        int port = FreePort();
        var output = new ConcurrentQueue<string>();
        string id = $"crash-{Guid.NewGuid():N}";
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        using (Process first = StartHost(azurite.ConnectionString, port, output))
        {
            try
            {
                await WaitForHealthAsync(http, first, output);
                using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{id}")
                {
                    Content = JsonContent.Create(new { simulatedFailures = 0, timerSeconds = 8, eventTimeoutSeconds = 0.5 }),
                };
                start.Headers.Add("x-functions-key", RuntimeUnderTest.ApiKey);
                using HttpResponseMessage started = await http.SendAsync(start);
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

                await WaitForAsync(http, id, s => s.GetProperty("customStatus").GetString() == "timer", TimeSpan.FromSeconds(60), output);
            }
            finally
            {
                first.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown, no lease release.
                await first.WaitForExitAsync();
            }
        }

        Assert.Equal(1, StepRuns(output, id, "activity"));
        Assert.Equal(0, StepRuns(output, id, "child"));

        using Process second = StartHost(azurite.ConnectionString, port, output);
        try
        {
            await WaitForHealthAsync(http, second, output);
            JsonElement done = await WaitForAsync(http, id, s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated", TimeSpan.FromSeconds(120), output);

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

    private static int StepRuns(IEnumerable<string> output, string id, string step) =>
        output.Count(line => line.Contains($"Runtime check step {step} of {id} ran", StringComparison.Ordinal));

    private static Process StartHost(string connectionString, int port, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "feedback.dll"), "host", "--backend", "azure-storage", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Durable__ConnectionString"] = connectionString;
        start.Environment["Durable__TaskHubName"] = "CrashTest";
        start.Environment["Durable__MaxQueuePollingInterval"] = "00:00:00.200";
        start.Environment["Api__ApiKey"] = RuntimeUnderTest.ApiKey;
        start.Environment["ObjectStore__Root"] = Path.Combine(Path.GetTempPath(), "feedback-tests", Guid.NewGuid().ToString("N"));
        start.Environment["Triggers__Schedule__Orchestration"] = string.Empty;
        start.Environment["Triggers__Blob__Orchestration"] = string.Empty;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Feedback"] = "Information";

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealthAsync(HttpClient http, Process process, ConcurrentQueue<string> output)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {process.ExitCode}:\n{string.Join('\n', output)}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync("/api/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The host did not become healthy:\n{string.Join('\n', output)}");
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, string id, Func<JsonElement, bool> done, TimeSpan timeout, ConcurrentQueue<string> output)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            using HttpResponseMessage response = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{id}");
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (done(last))
                {
                    return last;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{id} did not reach the expected state; last status {last}\n{string.Join('\n', output)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
