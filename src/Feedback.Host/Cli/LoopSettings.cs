namespace Feedback.Host.Cli;

/// <summary>Where and how <c>feedback run</c> runs the loop.</summary>
/// <param name="Data">The data folder (the committed exports, curated set and test set).</param>
/// <param name="Work">The run's folder: store, metrics, emulator artifacts (emptied first).</param>
/// <param name="Backend">The durable backend: <c>memory</c> (embedded) or <c>azure-storage</c>.</param>
/// <param name="StorageConnection">The Azure Storage connection string for the durable backend and its queue.</param>
/// <param name="S3ServiceUrl">An S3-compatible endpoint for the object store, or null for the filesystem.</param>
/// <param name="Port">The host's port (0: any free port).</param>
/// <param name="Configuration">Extra configuration (<c>--Section:Key=value</c>), applied last.</param>
public sealed record LoopSettings(
    DirectoryInfo Data,
    DirectoryInfo Work,
    string Backend,
    string? StorageConnection,
    Uri? S3ServiceUrl,
    int Port,
    IReadOnlyList<string> Configuration);
