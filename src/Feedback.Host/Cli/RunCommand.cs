using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Feedback.Host.Cli;

/// <summary>
/// <c>feedback run</c>: the main job. Checks that the committed data set is exactly what the generator
/// makes and that every labelled file and export is valid, then runs the whole loop (<see cref="LoopRun"/>)
/// on embedded defaults, or on the Azure Storage durable backend and S3 with <c>--backend</c> and <c>--s3</c>.
/// </summary>
public static class RunCommand
{
    /// <summary>Azurite's well-known development connection string, the default of <c>--storage</c>.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>Builds the <c>run</c> command.</summary>
    public static Command Build(TextWriter output, TextWriter error)
    {
        var dataDir = new Option<DirectoryInfo>("--data") { Description = "The data folder.", DefaultValueFactory = _ => new DirectoryInfo("data") };
        var workDir = new Option<DirectoryInfo>("--work") { Description = "Where the run keeps its store, metrics and models (emptied first).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".feedback", "run")) };
        var backend = new Option<string>("--backend") { Description = "The durable backend: memory (embedded) or azure-storage (Azurite or an account).", DefaultValueFactory = _ => "memory" };
        backend.AcceptOnlyFromAmong("memory", "azure-storage");
        var storage = new Option<string>("--storage") { Description = "The Azure Storage connection string of the azure-storage backend.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? DevelopmentStorage };
        var s3 = new Option<string?>("--s3") { Description = "An S3-compatible endpoint (e.g. http://localhost:4568) for the object store instead of the filesystem; credentials from ObjectStore:AccessKey/SecretKey." };
        var port = new Option<int>("--port") { Description = "The host's port for the dashboard and API (0: any free port).", DefaultValueFactory = _ => 0 };
        var serve = new Option<bool>("--serve") { Description = "Keep serving the dashboard after the run, until Ctrl+C." };
        var viggo = new Option<DirectoryInfo?>("--viggo") { Description = "Run the loop on the real ViGGO corpus in this folder (train.jsonl, valid.jsonl) instead of the generated data: the first 100 training examples are the curated set, the rest arrive as source exports, the validation split is the held-out set." };
        var run = new Command("run", "Run the whole feedback loop: the notebook flow, then the automatic loop, with live progress and a summary. Extra --Section:Key=value arguments are configuration.")
        {
            dataDir, workDir, backend, storage, s3, port, serve, viggo,
        };
        run.TreatUnmatchedTokensAsErrors = false;
        run.SetAction((result, ct) =>
        {
            IReadOnlyList<string> configuration = result.UnmatchedTokens;
            string[] unknown = [.. configuration.Where(t => !t.StartsWith("--", StringComparison.Ordinal) || !t.Contains(':', StringComparison.Ordinal))];
            if (unknown.Length > 0)
            {
                error.WriteLine($"feedback run: unknown arguments {string.Join(' ', unknown)} (configuration is --Section:Key=value).");
                return Task.FromResult(2);
            }

            Uri? s3Url = null;
            if (result.GetValue(s3) is { } given && (!Uri.TryCreate(given, UriKind.Absolute, out s3Url) || s3Url.Scheme is not ("http" or "https")))
            {
                error.WriteLine($"feedback run: --s3 takes an http(s) URL, not '{given}'.");
                return Task.FromResult(2);
            }

            var settings = new LoopSettings(result.GetValue(dataDir)!, result.GetValue(workDir)!, result.GetValue(backend)!, result.GetValue(storage), s3Url, result.GetValue(port), configuration);
            return result.GetValue(viggo) is { } real
                ? RunOnViggoAsync(real, settings, output, error, result.GetValue(serve), ct)
                : RunAsync(settings, output, error, result.GetValue(serve), onServing: null, ct);
        });
        return run;
    }

    /// <summary>
    /// The real-data variant: checks the ViGGO splits, lays them out for the loop (<see cref="ViggoLoopData"/>, beside the
    /// run's folder) and runs it; 0 only if every stage succeeds.
    /// </summary>
    /// <param name="viggo">The folder of train.jsonl and valid.jsonl.</param>
    /// <param name="settings">Where and how.</param>
    /// <param name="output">Where the progress and the summary go.</param>
    /// <param name="error">Where failures go.</param>
    /// <param name="serve">Keep serving the dashboard after the run.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<int> RunOnViggoAsync(DirectoryInfo viggo, LoopSettings settings, TextWriter output, TextWriter error, bool serve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viggo);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        FileInfo[] splits = [new(Path.Combine(viggo.FullName, "train.jsonl")), new(Path.Combine(viggo.FullName, "valid.jsonl"))];
        await output.WriteLineAsync($"check: the real ViGGO splits in {viggo.FullName} are valid");
        if (await DataCommands.ValidateAsync(splits, output, cancellationToken) != 0)
        {
            await error.WriteLineAsync($"check failed: {viggo.FullName} needs train.jsonl and valid.jsonl of valid {{text, mr}} lines (listed above).");
            return 1;
        }

        var target = new DirectoryInfo(Path.Combine(settings.Work.Parent?.FullName ?? ".", $"{settings.Work.Name}-viggo-data"));
        LoopSettings real = ViggoLoopData.Prepare(viggo, target, settings, TimeProvider.System.GetUtcNow());
        await output.WriteLineAsync($"  laid out in {target.FullName}: curated 100, {real.EffectiveExports.Count} exports, a later one; held out: valid.jsonl");
        await output.WriteLineAsync();
        return await LoopAsync(real, output, error, serve, onServing: null, cancellationToken);
    }

    /// <summary>Checks the data, then runs the loop; 0 only if every stage succeeds.</summary>
    /// <param name="settings">Where and how.</param>
    /// <param name="output">Where the progress and the summary go.</param>
    /// <param name="error">Where failures go.</param>
    /// <param name="serve">Keep serving the dashboard after the run.</param>
    /// <param name="onServing">Called with the dashboard's address once it is served.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<int> RunAsync(LoopSettings settings, TextWriter output, TextWriter error, bool serve, Action<Uri>? onServing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        DirectoryInfo data = settings.Data;
        await output.WriteLineAsync("check 1/2: the committed data set is what the generator makes");
        if (await DataCommands.GenerateAsync(data, new SampleData.SampleDataOptions().Seed, checkOnly: true, output, error, cancellationToken) != 0)
        {
            await error.WriteLineAsync("check 1 failed: the data folder differs from the generator's output (run `feedback data generate`).");
            return 1;
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("check 2/2: every labelled file is valid; the rough export holds exactly the expected malformed rows");
        string[] clean =
        [
            "curated/train-100.jsonl", "expansion/train-500.jsonl", "test/test.jsonl",
            "sources/discord/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl", "arrivals/discord/2026-11-08.jsonl",
        ];
        if (await DataCommands.ValidateAsync(clean.Select(f => new FileInfo(Path.Combine(data.FullName, f))), output, cancellationToken) != 0)
        {
            await error.WriteLineAsync("check 2 failed: a labelled file has invalid lines (listed above).");
            return 1;
        }

        const string rough = "sources/discord/2026-11-02.jsonl";
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(data.FullName, "expected.json"), cancellationToken))!;
        var expectedBad = expected[rough]!["quarantined"]!.AsObject().Sum(r => r.Value!.GetValue<int>());
        Core.Datasets.LabelledFileSummary summary;
        await using (var stream = File.OpenRead(Path.Combine(data.FullName, rough)))
            summary = await Core.Datasets.LabelledFileValidator.ValidateAsync(stream, bad => output.WriteLine($"{rough}:{bad.LineNumber}: {bad.Reason}"), cancellationToken);
        var reported = summary.Invalid;
        if (reported != expectedBad)
        {
            await error.WriteLineAsync($"check 2 failed: {rough} should have {expectedBad} malformed rows, validation found {reported}.");
            return 1;
        }
        await output.WriteLineAsync($"  {expectedBad} malformed rows found in {rough}, as expected.");

        await output.WriteLineAsync();
        return await LoopAsync(settings, output, error, serve, onServing, cancellationToken);
    }

    private static async Task<int> LoopAsync(LoopSettings settings, TextWriter output, TextWriter error, bool serve, Action<Uri>? onServing, CancellationToken cancellationToken)
    {
        IAnsiConsole console = output == Console.Out
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        try
        {
            return await new LoopRun(settings, console) { Serve = serve, OnServing = onServing }.RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await error.WriteLineAsync($"feedback run failed before the loop could complete: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
