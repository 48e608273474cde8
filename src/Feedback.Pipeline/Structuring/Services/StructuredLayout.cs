namespace Feedback.Pipeline.Structuring;

/// <summary>Where structured feedback is stored.</summary>
public static class StructuredLayout
{
    /// <summary>The folder of a dataset version's structured feedback.</summary>
    /// <param name="version">The dataset version.</param>
    public static string Folder(string version) => $"structured/{version}/";

    /// <summary>One batch's structured records.</summary>
    /// <param name="version">The dataset version.</param>
    /// <param name="offset">The batch's first line in <c>unlabelled.jsonl</c>.</param>
    public static string Part(string version, long offset) => $"{Folder(version)}part-{offset:D8}.jsonl";

    /// <summary>The summary of a version's structuring.</summary>
    /// <param name="version">The dataset version.</param>
    public static string Summary(string version) => $"{Folder(version)}summary.json";
}
