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
        Task<int> loop = Task.Run(() => RunCommand.RunAsync(settings, TextWriter.Null, TextWriter.Null, serve: true, serving.SetResult, stop.Token));

        Uri dashboard = await serving.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync(dashboard);

        var running = new HashSet<string>(StringComparer.Ordinal);
        string? progressed = null;
        int modelUpdatesDone = 0;
        string lastState = "nothing read yet";
        const string State = "JSON.stringify({ path: location.pathname, error: (document.getElementById('error') || {}).textContent || '', refreshed: (document.getElementById('refreshed') || {}).textContent || '', " +
            "rows: [...document.querySelectorAll('#instances tbody tr[data-instance-id]')].map(r => [r.dataset.instanceId, r.dataset.name, r.dataset.status]) })";
        DateTime deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline && (progressed is null || modelUpdatesDone < 4) && !loop.IsCompleted)
        {
            lastState = (await browser.EvaluateAsync<string>(State))!;
            using System.Text.Json.JsonDocument page = System.Text.Json.JsonDocument.Parse(lastState);
            if (page.RootElement.GetProperty("path").GetString() != "/dashboard")
            {
                // The first navigation did not commit (a busy machine): open the page again.
                await browser.NavigateAsync(dashboard);
                continue;
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
            await Task.Delay(250);
        }

        if (loop.IsCompleted)
        {
            Assert.Fail($"the loop ended early with exit code {await loop}");
        }

        Assert.True(progressed is not null, $"no instance was seen running then Completed; seen running: {string.Join(", ", running)}; the page: {lastState}");
        Assert.True(modelUpdatesDone == 4, $"{modelUpdatesDone} model updates completed, not 4 (the first version's, gated; the notebook's; the grown version's; the later version's, gated); the page: {lastState}");

        // The page refreshes itself: wait for the registry and the report to show the loop's outcome.
        string? champion = null;
        for (int i = 0; i < 60 && (champion is null || !champion.Contains(":ds-", StringComparison.Ordinal) || !await browser.EvaluateAsync<bool>("!document.getElementById('report').hidden")); i++)
        {
            await Task.Delay(250);
            champion = await browser.EvaluateAsync<string>("document.getElementById('champion').textContent");
        }

        Assert.Contains(":ds-", champion, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await browser.EvaluateAsync<string>("document.getElementById('error').textContent"));
        Assert.True(await browser.EvaluateAsync<int>("document.querySelectorAll('#history tbody tr').length") >= 2);
        await Task.Delay(1500); // let the report frame paint
        await browser.ScreenshotAsync(ScreenshotPath);
        Assert.True(new FileInfo(ScreenshotPath).Length > 10_000);

        await stop.CancelAsync();
        Assert.Equal(0, await loop);
    }
}
