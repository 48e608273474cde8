using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Feedback.Host.Tests;

/// <summary>The self-hosted runtime (<c>feedback host --backend azure-storage</c>) as a child process, for crash tests.</summary>
internal static class HostProcess
{
    /// <summary>Starts the host on <paramref name="port"/> with the triggers off and the test API key; <paramref name="environment"/> adds or overrides settings.</summary>
    public static Process Start(int port, IReadOnlyDictionary<string, string> environment, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "feedback.dll"), "host", "--backend", "azure-storage", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Durable__MaxQueuePollingInterval"] = "00:00:00.200";
        start.Environment["Api__ApiKey"] = RuntimeUnderTest.ApiKey;
        start.Environment["Triggers__Schedule__Orchestration"] = string.Empty;
        start.Environment["Triggers__Blob__Orchestration"] = string.Empty;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until the host answers its health route; fails with its output if it exits or never answers.</summary>
    public static async Task WaitForHealthAsync(HttpClient http, Process process, ConcurrentQueue<string> output)
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

    /// <summary>Polls an instance's status through the HTTP API until <paramref name="done"/> holds.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient http, string id, Func<JsonElement, bool> done, TimeSpan timeout, ConcurrentQueue<string> output)
    {
        try
        {
            return await InstanceStatus.WaitAsync(http, id, done, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{string.Join('\n', output)}", e);
        }
    }

    /// <summary>A loopback port that is free now, outside the range outgoing connections take theirs from (<see cref="LoopbackPorts"/>).</summary>
    public static int FreePort() => LoopbackPorts.Free();
}
