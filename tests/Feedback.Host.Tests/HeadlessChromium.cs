using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Feedback.Host.Tests;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol (one page): navigate, evaluate
/// JavaScript, capture a screenshot. The browser picks its own debugging port and reports it in
/// <c>DevToolsActivePort</c>, so nothing is probed.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Where Debian installs it.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Starts the browser with a page of the given size.</summary>
    public static async Task<HeadlessChromium> StartAsync(int width = 1280, int height = 1400)
    {
        DirectoryInfo profile = Directory.CreateTempSubdirectory("feedback-chromium-");
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}",
            $"--window-size={width},{height}", "about:blank",
        })
        {
            info.ArgumentList.Add(arg);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException($"{Executable} did not start.");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            string portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
            DateTime deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(portFile) || (await File.ReadAllLinesAsync(portFile)).Length < 2)
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Chromium did not open its debugging port (exited: {process.HasExited}).");
                }

                await Task.Delay(100);
            }

            int port = int.Parse((await File.ReadAllLinesAsync(portFile))[0], System.Globalization.CultureInfo.InvariantCulture);
            using var http = new HttpClient();
            JsonElement[] targets = (await http.GetFromJsonAsync<JsonElement[]>($"http://127.0.0.1:{port}/json/list"))!;
            string page = targets.First(t => t.GetProperty("type").GetString() == "page").GetProperty("webSocketDebuggerUrl").GetString()!;
            await browser._socket.ConnectAsync(new Uri(page), CancellationToken.None);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a URL and waits for its load event.</summary>
    public async Task NavigateAsync(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        await CallAsync("Page.enable");
        JsonNode navigated = await CallAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        if ((string?)navigated["errorText"] is { Length: > 0 } error)
        {
            throw new InvalidOperationException($"Chromium could not open {url}: {error}");
        }

        // Until the new document is the one loaded (about:blank is 'complete' too).
        for (int i = 0; i < 200 && await EvaluateAsync<string>("location.href + ' ' + document.readyState") != $"{url} complete"; i++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Evaluates an expression in the page and returns its value (JSON-compatible).</summary>
    public async Task<T?> EvaluateAsync<T>(string expression)
    {
        JsonNode result = await CallAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"The page threw: {exception.ToJsonString()}");
        }

        JsonNode? value = result["result"]?["value"];
        return value is null ? default : value.Deserialize<T>();
    }

    /// <summary>Captures the page as a PNG file.</summary>
    public async Task ScreenshotAsync(string path)
    {
        JsonNode result = await CallAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)result["data"]!));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold files for a moment; the temp folder is cleaned by the OS.
        }
    }

    private async Task<JsonNode> CallAsync(string method, JsonObject? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var received = new MemoryStream();
            WebSocketReceiveResult part;
            do
            {
                part = await _socket.ReceiveAsync(buffer, timeout.Token);
                received.Write(buffer, 0, part.Count);
            }
            while (!part.EndOfMessage);

            JsonNode reply = JsonNode.Parse(received.ToArray())!;
            if ((int?)reply["id"] != id)
            {
                continue; // An event, or an older reply.
            }

            return reply["error"] is { } error
                ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}")
                : reply["result"]!;
        }
    }
}
