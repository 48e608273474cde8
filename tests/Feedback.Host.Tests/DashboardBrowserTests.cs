using Feedback.Host.Cli;

namespace Feedback.Host.Tests;

/// <summary>
/// The dashboard in a real browser while the main command's loop runs: headless Chromium loads it,
/// watches an orchestration instance go from running to Completed as the page refreshes itself, and
/// saves a screenshot (artifacts/dashboard.png) once the loop is done.
/// </summary>
[Collection(FullLoopRuns.Name)]
public sealed class DashboardBrowserTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-dashboard-");

    /// <summary>Where the screenshot is saved.</summary>
    public static string ScreenshotPath => Path.Combine(RepositoryPaths.Root, "artifacts", "dashboard.png");

    public void Dispose()
    {
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
    public async Task Dashboard_WhileTheLoopRuns_ShowsAnInstanceProgressToCompletedAndTheChampion()
    {
        Assert.True(File.Exists(HeadlessChromium.Executable), $"{HeadlessChromium.Executable} is missing: eng/test.sh installs Debian's chromium.");
        var serving = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var settings = new LoopSettings(new DirectoryInfo(RepositoryPaths.Data), new DirectoryInfo(Path.Combine(_work.FullName, "run")), "memory", null, null, 0, []);
        var said = new StringWriter();
        TextWriter output = TextWriter.Synchronized(said);
        Task<int> loop = Task.Run(() => RunCommand.RunAsync(settings, output, TextWriter.Null, serve: true, serving.SetResult, stop.Token));

        Uri dashboard = await serving.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync(dashboard);

        var running = new HashSet<string>(StringComparer.Ordinal);
        string? progressed = null;
        int modelUpdatesDone = 0;
        string lastState = "nothing read yet";
        const string State = "JSON.stringify({ path: location.pathname, error: (document.getElementById('error') || {}).textContent || '', refreshed: (document.getElementById('refreshed') || {}).textContent || '', " +
            "rows: [...document.querySelectorAll('#instances tbody tr[data-instance-id]')].map(r => [r.dataset.instanceId, r.dataset.name, r.dataset.status]) })";
        async Task<bool> WatchAsync()
        {
            lastState = (await browser.EvaluateAsync<string>(State))!;
            using System.Text.Json.JsonDocument page = System.Text.Json.JsonDocument.Parse(lastState);
            if (page.RootElement.GetProperty("path").GetString() != "/dashboard")
            {
                // The first navigation did not commit (a busy machine): open the page again.
                await browser.NavigateAsync(dashboard);
                return false;
            }

            string[][] rows = System.Text.Json.JsonSerializer.Deserialize<string[][]>(page.RootElement.GetProperty("rows").GetRawText())!;
            foreach (string[] row in rows)
            {
                if (row[2] is "Running" or "Pending")
                {
                    running.Add(row[0]);
                }
                else if (row[2] == "Completed" && running.Contains(row[0]))
                {
                    progressed ??= row[0];
                }
            }

            modelUpdatesDone = rows.Count(r => r[1] == "ModelUpdateOrchestration" && r[2] == "Completed");
            if (progressed is null && !rows.Any(r => r[2] is "Running" or "Pending"))
            {
                // An idle page refreshes every 10 s, and the loop can start and finish its instances between two of those
                // (it did in 12 s once the page had loaded before the first instance). Until the page has shown work
                // running, refresh it as a reader would; from then on its own 2 s refresh must carry it to Completed.
                await browser.EvaluateAsync<bool>("refresh().then(() => true)");
            }

            return (progressed is not null && modelUpdatesDone >= 4) || loop.IsCompleted;
        }

        await Wait.UntilAsync(WatchAsync, TimeSpan.FromMinutes(5), "the dashboard to show the loop's four model updates completed");
        if (loop.IsCompleted)
        {
            Assert.Fail($"the loop ended early with exit code {await loop}");
        }

        Assert.True(progressed is not null, $"no instance was seen running then Completed; seen running: {string.Join(", ", running)}; the page: {lastState}");
        Assert.True(modelUpdatesDone == 4, $"{modelUpdatesDone} model updates completed, not 4 (the first version's, gated; the notebook's; the grown version's; the later version's, gated); the page: {lastState}");

        // The page refreshes itself: wait for the registry and the report (its frame loaded) to show the loop's outcome.
        await Wait.UntilAsync(
            () => browser.EvaluateAsync<bool>(
                "document.getElementById('champion').textContent.includes(':ds-') && !document.getElementById('report').hidden " +
                "&& !!document.getElementById('report').contentDocument && document.getElementById('report').contentDocument.readyState === 'complete' " +
                "&& document.getElementById('report').contentDocument.body.innerText.length > 0"),
            TimeSpan.FromSeconds(30),
            "the champion and the report on the page");
        Assert.Equal(string.Empty, await browser.EvaluateAsync<string>("document.getElementById('error').textContent"));
        Assert.True(await browser.EvaluateAsync<int>("document.querySelectorAll('#history tbody tr').length") >= 2);
        await browser.ScreenshotAsync(ScreenshotPath);
        Assert.True(new FileInfo(ScreenshotPath).Length > 10_000);

        // After the loop the host keeps serving, and prints once the key it made: a route that needs it works with it.
        string printed = await Wait.UntilAsync(() => Task.FromResult(said.ToString()), o => o.Contains("API key of this host", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the printed API key");
        string key = printed[(printed.IndexOf("(x-functions-key): ", StringComparison.Ordinal) + "(x-functions-key): ".Length)..].Split('\n')[0].Trim();
        using var http = new HttpClient { BaseAddress = dashboard };
        using HttpResponseMessage refused = await http.PostAsync("/api/orchestrators/RuntimeCheckOrchestration", null);
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/api/orchestrators/RuntimeCheckOrchestration") { Headers = { { "x-functions-key", key } } };
        using HttpResponseMessage accepted = await http.SendAsync(keyed);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(printed, System.Text.RegularExpressions.Regex.Escape(key)));

        await stop.CancelAsync();
        Assert.Equal(0, await loop);
    }
}
