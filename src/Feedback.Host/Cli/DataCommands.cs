using System.CommandLine;
using Feedback.Core.Datasets;
using Feedback.Core.Mr;
using Feedback.Integrations;
using Feedback.Pipeline.Ports;
using Feedback.SampleData;

namespace Feedback.Host.Cli;

/// <summary><c>feedback data generate</c>, <c>feedback data validate</c> and <c>feedback data import viggo</c>.</summary>
public static class DataCommands
{
    /// <summary>Builds the <c>data</c> command.</summary>
    public static Command Build(TextWriter output, TextWriter error)
    {
        var data = new Command("data", "Make and check the project's feedback data.");

        var outputDir = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Folder to write the data set into.",
            DefaultValueFactory = _ => new DirectoryInfo("data"),
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator.", DefaultValueFactory = _ => new SampleDataOptions().Seed };
        var check = new Option<bool>("--check") { Description = "Compare with the files in the folder instead of writing; exit 1 on any difference." };
        var generate = new Command("generate", "Generate the data set deterministically from a seed.") { outputDir, seed, check };
        generate.SetAction((result, ct) => GenerateAsync(result.GetValue(outputDir)!, result.GetValue(seed), result.GetValue(check), output, error, ct));
        data.Subcommands.Add(generate);

        var files = new Argument<FileInfo[]>("file") { Description = "JSONL files: {text, mr} pairs, chat examples, or Discord/Twitch exports.", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", "Stream JSONL files and report counts by act and every invalid line.") { files };
        validate.SetAction((result, ct) => ValidateAsync(result.GetValue(files)!, output, ct));
        data.Subcommands.Add(validate);
        data.Subcommands.Add(BuildImport(output, error));
        return data;
    }

    private static Command BuildImport(TextWriter output, TextWriter error)
    {
        var from = new Option<string>("--from") { Description = "The corpus: a file (original CSV with mr,ref; GEM CSV; or JSON lines) or an http(s) URL.", Required = true };
        var skip = new Option<int>("--skip") { Description = "Records to skip from the start (default 0).", DefaultValueFactory = _ => 0 };
        var take = new Option<int?>("--take") { Description = "Records to import at most (default: all)." };
        var name = new Option<string?>("--name") { Description = "The export's name under sources/viggo/ (default: {file}-{first}-{last})." };
        var viggo = new Command("viggo", "Import the ViGGO corpus (or a slice of it) as a labelled source export the next data update ingests.") { from, skip, take, name };
        viggo.SetAction((r, ct) => ImportViggoAsync(r.GetValue(from)!, r.GetValue(skip), r.GetValue(take), r.GetValue(name), output, error, ct));
        return new Command("import", "Import a published corpus into the object store as a source export.") { viggo };
    }

    /// <summary>
    /// Imports a ViGGO slice into the object store configured as for the runtime (<c>ObjectStore__…</c> environment
    /// variables; default the filesystem store <c>.feedback/store</c>). 0 on success, 1 for input that is not ViGGO or
    /// cannot be read.
    /// </summary>
    public static async Task<int> ImportViggoAsync(string from, int skip, int? take, string? name, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        IConfiguration configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        await using ServiceProvider services = new ServiceCollection().AddLogging().AddObjectStore(configuration).BuildServiceProvider();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            ViggoImportResult result = await new ViggoImport(services.GetRequiredService<IObjectStore>(), http, TimeProvider.System)
                .ImportAsync(from, skip, take, name, cancellationToken);
            await output.WriteLineAsync(result switch
            {
                { Key: null } => $"{from}: no records after skipping {skip}; nothing written",
                { Written: false } => $"{result.Key} exists already ({result.Rows} records); nothing written",
                _ => $"wrote {result.Key}: {result.Rows} records ({result.Incomplete} without a text or an MR, which the data update will quarantine)",
            });
            return 0;
        }
        catch (Exception e) when (e is FormatException or IOException or HttpRequestException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{from}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Writes (or checks) the generated files under <paramref name="directory"/>.</summary>
    public static async Task<int> GenerateAsync(DirectoryInfo directory, int seed, bool checkOnly, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var differences = 0;
        foreach (var file in SampleDataset.Generate(new SampleDataOptions { Seed = seed }))
        {
            var path = Path.Combine(directory.FullName, file.Path);
            if (checkOnly)
            {
                var existing = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
                if (!string.Equals(existing, file.Content, StringComparison.Ordinal))
                {
                    differences++;
                    await error.WriteLineAsync($"differs: {file.Path}");
                }
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file.Content, cancellationToken);
            await output.WriteLineAsync($"wrote {file.Path} ({file.Content.Count(c => c == '\n')} lines)");
        }
        if (checkOnly) await output.WriteLineAsync(differences == 0 ? $"data in {directory} matches seed {seed}" : $"{differences} file(s) differ from seed {seed}");
        return differences == 0 ? 0 : 1;
    }

    /// <summary>Validates each file; 0 only if every line of every file is valid.</summary>
    public static async Task<int> ValidateAsync(IEnumerable<FileInfo> files, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        var allValid = true;
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                await output.WriteLineAsync($"{file}: no such file");
                allValid = false;
                continue;
            }
            await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var summary = await LabelledFileValidator.ValidateAsync(
                stream,
                bad => output.WriteLine($"{file}:{bad.LineNumber}: {bad.Reason}"),
                cancellationToken);
            allValid &= summary.AllValid;
            var acts = string.Join(", ", Enum.GetValues<DialogueAct>().Select(a => $"{a.WireName()} {summary.ByAct.GetValueOrDefault(a)}"));
            await output.WriteLineAsync(
                $"{file}: {summary.Lines} lines, {summary.Valid} valid ({summary.Unlabelled} unlabelled), {summary.Invalid} invalid; by act: {acts}");
        }
        return allValid ? 0 : 1;
    }
}
