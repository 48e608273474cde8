using System.Text.Json;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.Tests;

/// <summary>Dataset versions as the data update leaves them in the store: just their manifests, for the model update's gate.</summary>
internal static class DatasetVersions
{
    public static async Task WriteAsync(IObjectStore store, string version, string? parent, long newLabelled, DateTimeOffset at)
    {
        var manifest = new DatasetManifest(version, parent, at, "run", "viggo-v1", new DatasetCounts(newLabelled, 0, 0, newLabelled, 0),
            new Dictionary<string, long>(), [], [], new Dictionary<string, string>());
        await store.WriteAsync(StoreLayout.DatasetFile(version, "manifest.json"), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, PipelineJson.Options)));
    }
}
