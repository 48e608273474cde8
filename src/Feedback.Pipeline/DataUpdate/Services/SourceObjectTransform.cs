using Feedback.Core.Ingestion;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Logging;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// Transforms one source object, streaming: each row is checked, mapped, normalised and validated;
/// accepted records go to a staging object and quarantined rows (with the reason and the original
/// line) to a quarantine object. Outputs are named after the object's key and tag, so a retry
/// rewrites the same objects.
/// </summary>
/// <param name="store">The object store.</param>
/// <param name="logger">The logger.</param>
public sealed partial class SourceObjectTransform(IObjectStore store, ILogger<SourceObjectTransform> logger)
{
    /// <summary>Transforms one object.</summary>
    /// <param name="input">The object.</param>
    public async Task<TransformedObject> TransformAsync(SourceObjectRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!SourceRowReaders.TryGet(input.Format, out ISourceRowReader reader))
        {
            throw new InvalidOperationException($"Source '{input.Source}' has an unknown format '{input.Format}'.");
        }

        string acceptedPath = Path.GetTempFileName();
        string quarantinePath = Path.GetTempFileName();
        try
        {
            SourceTransformCounts counts;
            await using (Stream source = await store.OpenReadAsync(input.Key))
            await using (var accepted = new FileStream(acceptedPath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            await using (var quarantine = new FileStream(quarantinePath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                counts = await SourceObjectTransformer.TransformAsync(reader, input.Source, source, accepted, quarantine);
            }

            string acceptedKey = StoreLayout.Staged(input);
            await using (var accepted = File.OpenRead(acceptedPath))
            {
                await store.WriteAsync(acceptedKey, accepted);
            }

            string? quarantineKey = null;
            if (counts.Quarantined > 0)
            {
                quarantineKey = StoreLayout.Quarantine(input);
                await using var quarantine = File.OpenRead(quarantinePath);
                await store.WriteAsync(quarantineKey, quarantine);
            }

            LogTransformed(logger, input.Key, counts.Rows, counts.Accepted, counts.Quarantined);
            return new TransformedObject(input, acceptedKey, quarantineKey, counts.Rows, counts.Accepted, counts.QuarantinedByReason);
        }
        finally
        {
            File.Delete(acceptedPath);
            File.Delete(quarantinePath);
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Transformed {Key}: {Rows} rows, {Accepted} accepted, {Quarantined} quarantined")]
    private static partial void LogTransformed(ILogger logger, string key, long rows, long accepted, long quarantined);
}
