namespace Feedback.Host.Cli;

/// <summary>Where and how <c>feedback run</c> runs the loop.</summary>
/// <param name="Data">The data folder (the committed exports, curated set and test set).</param>
/// <param name="Work">The run's folder: store, metrics, emulator artifacts (emptied first).</param>
/// <param name="Backend">The durable backend: <c>memory</c> (embedded) or <c>azure-storage</c>.</param>
/// <param name="StorageConnection">The Azure Storage connection string for the durable backend and its queue.</param>
/// <param name="S3ServiceUrl">An S3-compatible endpoint for the object store, or null for the filesystem.</param>
/// <param name="Port">The host's port (0: any free port).</param>
/// <param name="Configuration">Extra configuration (<c>--Section:Key=value</c>), applied last.</param>
/// <param name="Exports">The source exports that land in the loop (files under <paramref name="Data"/>, stored under the same key); default the generated Discord and Twitch exports.</param>
/// <param name="LaterExport">The later export that stays below the gate (file, key); default the generated Discord arrival.</param>
/// <param name="Corpus">What the data is, for the summary: the generated data or the real ViGGO corpus.</param>
public sealed record LoopSettings(
    DirectoryInfo Data,
    DirectoryInfo Work,
    string Backend,
    string? StorageConnection,
    Uri? S3ServiceUrl,
    int Port,
    IReadOnlyList<string> Configuration,
    IReadOnlyList<string>? Exports = null,
    (string File, string Key)? LaterExport = null,
    string Corpus = "generated")
{
    /// <summary>The exports of the loop.</summary>
    public IReadOnlyList<string> EffectiveExports => Exports ?? ["sources/discord/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl", "sources/discord/2026-11-02.jsonl"];

    /// <summary>The later export.</summary>
    public (string File, string Key) EffectiveLaterExport => LaterExport ?? ("arrivals/discord/2026-11-08.jsonl", "sources/discord/2026-11-08.jsonl");
}
