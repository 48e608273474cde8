using Feedback.Host.Cli;
using Microsoft.Data.Sqlite;

namespace Feedback.Host.Tests;

/// <summary>
/// The README's main command, run the way a user runs it: <c>feedback run</c> completes the whole
/// loop (notebook flow, then the automatic loop) and prints the summary, on embedded defaults and on
/// the durable backend with S3; a stage that fails makes it exit 1 naming the stage.
/// </summary>
[Collection(FullLoopRuns.Name)]
public sealed class FeedbackRunTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-run-");

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
    public async Task Run_OnEmbeddedDefaults_CompletesTheLoopAndPrintsTheSummary()
    {
        // The README's main command, through the command line.
        var said = new StringWriter();
        var failed = new StringWriter();
        int code = await FeedbackCommandLine.Build(said, failed).Parse(["run", "--data", RepositoryPaths.Data, "--work", Path.Combine(_work.FullName, "run")]).InvokeAsync();
        (string output, string error) = (said.ToString(), failed.ToString());

        Assert.True(code == 0, output + error);
        AssertLoopSummary(output);
        string store = Path.Combine(_work.FullName, "run", "store");
        Assert.True(File.Exists(Path.Combine(store, "registry", "models.json")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(store, "reports"), "report.html", SearchOption.AllDirectories).Length);
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(store, "datasets")).Length);

        // Batch structuring: the grown version's 110 and the later version's 10 new unlabelled records, summarised in the metrics sink.
        await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(_work.FullName, "run", "metrics.db")};Pooling=false");
        await sqlite.OpenAsync();
        await using SqliteCommand count = sqlite.CreateCommand();
        count.CommandText = "SELECT SUM(records) FROM structuring_runs";
        Assert.Equal(120L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Run_OnRealViggo_CompletesTheLoopAndTheChallengerBeatsTheChampionOnRealUtterances()
    {
        string viggo = Path.Combine(RepositoryPaths.Root, "..", "shared", "data", "viggo");
        Assert.True(File.Exists(Path.Combine(viggo, "train.jsonl")), $"The real ViGGO splits are expected beside the checkout (CI copies ../shared): {viggo}");
        var said = new StringWriter();
        var failed = new StringWriter();

        int code = await FeedbackCommandLine.Build(said, failed).Parse(["run", "--viggo", viggo, "--work", Path.Combine(_work.FullName, "run")]).InvokeAsync();
        (string output, string error) = (said.ToString(), failed.ToString());

        Assert.True(code == 0, output + error);
        Assert.Contains("The loop, on real ViGGO data", output, StringComparison.Ordinal);
        Assert.Contains("done: loop · promoted:", output, StringComparison.Ordinal);
        Assert.Contains("gate: below-threshold", output, StringComparison.Ordinal);
        string[] datasets = Directory.GetDirectories(Path.Combine(_work.FullName, "run", "store", "datasets"));
        Assert.Equal(3, datasets.Length);
        Assert.Equal(5096, Directory.GetFiles(Path.Combine(_work.FullName, "run-viggo-data", "sources", "viggo")).Sum(f => File.ReadLines(f).Count())
            + File.ReadLines(Path.Combine(_work.FullName, "run-viggo-data", "curated", "train-100.jsonl")).Count()
            + File.ReadLines(Directory.GetFiles(Path.Combine(_work.FullName, "run-viggo-data", "arrivals", "viggo")).Single()).Count());
    }

    [Fact]
    public async Task Run_OnAzuriteAndS3_CompletesTheSameLoop()
    {
        await using Azurite azurite = await Azurite.StartAsync();
        await using S3rver s3 = await S3rver.StartAsync();

        (int code, string output, string error) = await RunAsync(Settings("azure-storage", azurite.ConnectionString, s3.ServiceUrl,
            "--ObjectStore:AccessKey=S3RVER", "--ObjectStore:SecretKey=S3RVER"));

        Assert.True(code == 0, output + error);
        AssertLoopSummary(output);
        Assert.Contains("the Azure Storage durable backend, S3 at", output, StringComparison.Ordinal);
        Assert.Contains("report: s3://feedback-run-", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_KeyGivenAsConfiguration_TheRunsOwnCallsUseItAndItIsNeverPrinted()
    {
        const string key = "the-users-own-key-0123456789";
        (int code, string output, string error) = await RunAsync(Settings("memory", null, null, $"--Api:ApiKey={key}"));

        Assert.True(code == 0, output + error);
        AssertLoopSummary(output);
        Assert.DoesNotContain(key, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FineTuneThatTimesOut_ExitsOneNamingTheStageAndWhy()
    {
        (int code, string output, string error) = await RunAsync(Settings("memory", null, null,
            "--ModelUpdate:FineTuneTimeout=00:00:00.500", "--ModelUpdate:FineTuneAttempts=1"));

        Assert.Equal(1, code);
        Assert.Contains("The loop did not complete.", output, StringComparison.Ordinal);
        Assert.Contains("notebook", output, StringComparison.Ordinal);
        Assert.Contains("Failed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("loop completed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ArgumentThatIsNotConfiguration_ExitsTwoSayingWhy()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int code = await FeedbackCommandLine.Build(output, error).Parse(["run", "--no-such-flag"]).InvokeAsync();

        Assert.Equal(2, code);
        Assert.Contains("unknown arguments --no-such-flag", error.ToString(), StringComparison.Ordinal);
    }

    private static void AssertLoopSummary(string output)
    {
        Assert.Contains("loop completed", output, StringComparison.Ordinal);
        Assert.Contains("baseline (base model)", output, StringComparison.Ordinal);
        Assert.Contains("champion (curated 100)", output, StringComparison.Ordinal);
        Assert.Contains("challenger (grown dataset)", output, StringComparison.Ordinal);
        Assert.Contains("done: notebook · promoted:", output, StringComparison.Ordinal);
        Assert.Contains("done: loop · promoted:", output, StringComparison.Ordinal);
        Assert.Contains("gate: below-threshold", output, StringComparison.Ordinal);
        Assert.Contains("McNemar p = ", output, StringComparison.Ordinal);
        Assert.Contains("structured by the champion: 120 unlabelled records", output, StringComparison.Ordinal);
        Assert.Contains("/dashboard", output, StringComparison.Ordinal);
    }

    private LoopSettings Settings(string backend, string? storage, Uri? s3, params string[] configuration) =>
        new(new DirectoryInfo(RepositoryPaths.Data), new DirectoryInfo(Path.Combine(_work.FullName, "run")), backend, storage, s3, 0, configuration);

    private static async Task<(int Code, string Output, string Error)> RunAsync(LoopSettings settings, Action<Uri>? onServing = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        int code = await RunCommand.RunAsync(settings, output, error, serve: false, onServing, timeout.Token);
        return (code, output.ToString(), error.ToString());
    }
}
