using System.Text.Json;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.Structuring;

/// <summary>Stores a version's structuring summary and records it in the metrics sink.</summary>
/// <param name="store">The object store.</param>
/// <param name="metrics">The metrics sink.</param>
public sealed class RecordStructuringActivity(IObjectStore store, IMetricsSink metrics) : TaskActivity<StructuringSummary, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, StructuringSummary input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await metrics.RecordStructuringAsync(input);
        await store.WriteAsync(StoreLayout.StructuredSummary(input.DatasetVersion), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(input, PipelineJson.Options)));
        return true;
    }
}
