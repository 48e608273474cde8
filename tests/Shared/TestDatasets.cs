using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.FineTuning;
using Feedback.Core.Jsonl;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;

namespace Feedback.Testing;

/// <summary>Dataset versions written straight into a store, for tests that start at the model side.</summary>
internal static class TestDatasets
{
    /// <summary>Writes a version (train, empty valid, manifest with <paramref name="labelled"/> new labelled records) whose training file holds the given labelled files as chat examples.</summary>
    public static async Task<string> WriteVersionAsync(IObjectStore store, string version, string? parent, long labelled, params string[] files)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new JsonlWriter(buffer, leaveOpen: true))
        {
            foreach (string file in files)
            {
                foreach (string line in File.ReadLines(Path.Combine(RepositoryPaths.Data, file)))
                {
                    JsonNode node = JsonNode.Parse(line)!;
                    await writer.WriteAsync(ChatExample.Create((string)node["text"]!, (string)node["mr"]!), Core.CoreJsonContext.Default.ChatExample);
                }
            }
        }

        buffer.Position = 0;
        await store.WriteAsync(StoreLayout.DatasetFile(version, "train.jsonl"), buffer);
        await store.WriteAsync(StoreLayout.DatasetFile(version, "valid.jsonl"), new MemoryStream());
        var manifest = new DatasetManifest(version, parent, DateTimeOffset.UtcNow, "test", ViggoPrompt.Version,
            new DatasetCounts(labelled, 0, 0, labelled, 0), new Dictionary<string, long>(), [], [], new Dictionary<string, string>());
        await store.WriteAsync(StoreLayout.DatasetFile(version, "manifest.json"), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, PipelineJson.Options)));
        return version;
    }
}
