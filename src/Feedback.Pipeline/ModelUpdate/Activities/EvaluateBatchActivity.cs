using System.Text;
using System.Text.Json;
using Feedback.Core.Jsonl;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Evaluates one batch of the test set on one model, storing each prediction.</summary>
/// <param name="store">The object store.</param>
/// <param name="endpoint">The model endpoint.</param>
public sealed class EvaluateBatchActivity(IObjectStore store, IModelEndpoint endpoint) : TaskActivity<EvaluationBatch, int>
{
    /// <inheritdoc />
    public override async Task<int> RunAsync(TaskActivityContext context, EvaluationBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        List<(int Index, string Text, string Reference)> items = await StoredJsonl.ReadSliceAsync(store, input.TestSetKey, input.Offset, input.Count, (index, line) =>
        {
            (string text, string reference) = TestItem(line);
            return ((int)index, text, reference);
        });

        var output = new StringBuilder();
        foreach ((int index, string text, string reference) in items)
        {
            string prediction = await endpoint.CompleteAsync(input.ServiceName, input.ModelId, text, input.Canary);
            output.Append(JsonSerializer.Serialize(new PredictionRecord(index, text, reference, prediction), PipelineJson.Options)).Append('\n');
        }

        await store.WriteAsync(input.OutputKey, new MemoryStream(Encoding.UTF8.GetBytes(output.ToString())));
        return items.Count;
    }

    /// <summary>Reads a test item in either labelled format (text/mr pairs or chat examples).</summary>
    internal static (string Text, string Reference) TestItem(JsonlLine line)
    {
        (string? text, string? mr) = LabelledLines.Read(line);
        return (text!, mr ?? throw new InvalidDataException($"Test item {line.Number} has no MR."));
    }
}
