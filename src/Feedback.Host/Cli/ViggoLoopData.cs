using Feedback.Core.Corpora;

namespace Feedback.Host.Cli;

/// <summary>
/// The real-data variant of <c>feedback run</c> (<c>--viggo DIR</c>): lays the real ViGGO splits out the way the loop
/// reads its data, in the order the reference notebook used them. The first 100 training examples are the curated set
/// sent through the intake API; the rest arrive as three source exports under <c>sources/viggo/</c>, then a last small
/// one that stays below the gate; the validation split is the held-out set both models are scored on.
/// </summary>
internal static class ViggoLoopData
{
    private const int Curated = 100;
    private const int Later = 96;

    /// <summary>Writes the layout into <paramref name="target"/> (emptied first) and returns the loop's settings for it.</summary>
    /// <param name="viggo">The folder with <c>train.jsonl</c> and <c>valid.jsonl</c>.</param>
    /// <param name="target">Where to lay the data out.</param>
    /// <param name="settings">The run's other settings.</param>
    /// <param name="receivedAt">When the exports were received.</param>
    /// <exception cref="FileNotFoundException">A split is missing.</exception>
    public static LoopSettings Prepare(DirectoryInfo viggo, DirectoryInfo target, LoopSettings settings, DateTimeOffset receivedAt)
    {
        List<ViggoPair> train = Read(Path.Combine(viggo.FullName, "train.jsonl"));
        List<ViggoPair> valid = Read(Path.Combine(viggo.FullName, "valid.jsonl"));
        if (target.Exists)
        {
            target.Delete(recursive: true);
        }

        Write(target, Path.Combine("curated", "train-100.jsonl"), Labelled(train.Take(Curated)));
        Write(target, Path.Combine("test", "test.jsonl"), Labelled(valid));
        List<ViggoPair> rest = [.. train.Skip(Curated).SkipLast(Later)];
        int size = (rest.Count + 2) / 3;
        var exports = new List<string>();
        foreach (ViggoPair[] chunk in rest.Chunk(size))
        {
            string key = $"{ViggoImport.Prefix}train-{chunk[0].Line}-{chunk[^1].Line}.jsonl";
            Write(target, key, ViggoImport.ExportRows(chunk, "train", receivedAt));
            exports.Add(key);
        }

        List<ViggoPair> later = [.. train.TakeLast(Later)];
        string laterKey = $"{ViggoImport.Prefix}train-{later[0].Line}-{later[^1].Line}.jsonl";
        string laterFile = $"arrivals/viggo/train-{later[0].Line}-{later[^1].Line}.jsonl";
        Write(target, laterFile, ViggoImport.ExportRows(later, "train", receivedAt));
        return settings with { Data = target, Exports = exports, LaterExport = (laterFile, laterKey), Corpus = "real ViGGO" };
    }

    private static List<ViggoPair> Read(string path)
    {
        using var reader = new StreamReader(path);
        return [.. ViggoCorpus.Read(reader)];
    }

    private static string Labelled(IEnumerable<ViggoPair> pairs) =>
        string.Concat(pairs.Select(p => System.Text.Json.JsonSerializer.Serialize(new { text = p.Text, mr = p.Mr }) + "\n"));

    private static void Write(DirectoryInfo target, string relative, string content)
    {
        string path = Path.Combine(target.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
