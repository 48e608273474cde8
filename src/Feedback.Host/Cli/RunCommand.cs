using System.CommandLine;
using System.Text.Json.Nodes;

namespace Feedback.Host.Cli;

/// <summary>
/// <c>feedback run</c>: the main job. Runs the furthest part of the loop that is built: today, checking that the
/// committed data set is exactly what the generator makes, validating every labelled file and export, and
/// running the data update on the embedded runtime.
/// </summary>
public static class RunCommand
{

    /// <summary>Builds the <c>run</c> command.</summary>
    public static Command Build(TextWriter output, TextWriter error)
    {
        var dataDir = new Option<DirectoryInfo>("--data") { Description = "The data folder.", DefaultValueFactory = _ => new DirectoryInfo("data") };
        var workDir = new Option<DirectoryInfo>("--work") { Description = "Where the embedded run keeps its store and metrics (emptied first).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".feedback", "run")) };
        var run = new Command("run", "Run the feedback loop on embedded defaults.") { dataDir, workDir };
        run.SetAction((result, ct) => RunAsync(result.GetValue(dataDir)!, result.GetValue(workDir)!, output, error, ct));
        return run;
    }

    /// <summary>Runs the built stages; 0 only if all of them succeed.</summary>
    public static async Task<int> RunAsync(DirectoryInfo data, DirectoryInfo work, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync("feedback run: the loop is built up to its data update; this run verifies the data set and runs the data update embedded.");
        await output.WriteLineAsync("(fine-tuning, rollout and the structuring API come with later stages.)");
        await output.WriteLineAsync();

        await output.WriteLineAsync("stage 1/3: the committed data set is what the generator makes");
        if (await DataCommands.GenerateAsync(data, new SampleData.SampleDataOptions().Seed, checkOnly: true, output, error, cancellationToken) != 0)
        {
            await error.WriteLineAsync("stage 1 failed: the data folder differs from the generator's output (run `feedback data generate`).");
            return 1;
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("stage 2/3: every labelled file is valid; the rough export holds exactly the expected malformed rows");
        string[] clean =
        [
            "curated/train-100.jsonl", "expansion/train-500.jsonl", "test/test.jsonl",
            "sources/discord/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl", "arrivals/discord/2026-11-08.jsonl",
        ];
        if (await DataCommands.ValidateAsync(clean.Select(f => new FileInfo(Path.Combine(data.FullName, f))), output, cancellationToken) != 0)
        {
            await error.WriteLineAsync("stage 2 failed: a labelled file has invalid lines (listed above).");
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
            await error.WriteLineAsync($"stage 2 failed: {rough} should have {expectedBad} malformed rows, validation found {reported}.");
            return 1;
        }
        await output.WriteLineAsync($"  {expectedBad} malformed rows found in {rough}, as expected.");

        await output.WriteLineAsync();
        await output.WriteLineAsync("stage 3/3: data update on the embedded runtime (in-memory durable backend, filesystem store, SQLite metrics)");
        if (await EmbeddedDataUpdate.RunAsync(data, work, output, error, cancellationToken) != 0)
        {
            return 1;
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("done: data set verified; two dataset versions made, the second from the later export; a re-run changed nothing.");
        return 0;
    }
}
