using System.Text;
using System.Text.Json;
using Feedback.Core.Mr;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.Structuring;

/// <summary>Structures one batch of unlabelled records with the champion and stores them.</summary>
/// <param name="store">The object store.</param>
/// <param name="endpoint">The model endpoint.</param>
public sealed class StructureBatchActivity(IObjectStore store, IModelEndpoint endpoint) : TaskActivity<StructuringBatch, StructuredBatchCounts>
{
    /// <inheritdoc />
    public override async Task<StructuredBatchCounts> RunAsync(TaskActivityContext context, StructuringBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        List<UnlabelledRecord> records = await StoredJsonl.ReadSliceAsync(store, StoreLayout.DatasetFile(input.DatasetVersion, "unlabelled.jsonl"), input.Offset, input.Count,
            (_, line) => JsonSerializer.Deserialize<UnlabelledRecord>(line.Bytes.Span, PipelineJson.Options)!);

        var counts = new StructuredBatchCounts(0, 0, new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        var output = new StringBuilder();
        long valid = 0;
        foreach (UnlabelledRecord record in records)
        {
            string answer = await endpoint.CompleteAsync(input.ServiceName, input.ModelId, record.Text, canary: false);
            StructuredText structured = StructuredText.FromAnswer(record.Text, answer, input.ModelId);
            output.Append(JsonSerializer.Serialize(new StructuredFeedbackRecord(
                record.Id, record.Source, record.ReceivedAt, record.Text, structured.Mr, structured.Parsed, structured.Valid, structured.Error, input.ModelId), PipelineJson.Options)).Append('\n');
            if (!structured.Valid)
            {
                continue;
            }

            valid++;
            MeaningRepresentation mr = MeaningRepresentation.Parse(answer);
            string act = mr.Act.WireName();
            counts.ByAct[act] = counts.ByAct.GetValueOrDefault(act) + 1;
            if (mr[SlotName.Name] is { } game)
            {
                counts.Games[game] = counts.Games.GetValueOrDefault(game) + 1;
            }

            if (mr[SlotName.Rating] is { } rating)
            {
                counts.Ratings[rating] = counts.Ratings.GetValueOrDefault(rating) + 1;
            }
        }

        await store.WriteAsync(StoreLayout.StructuredPart(input.DatasetVersion, input.Offset), new MemoryStream(Encoding.UTF8.GetBytes(output.ToString())));
        return counts with { Records = records.Count, Valid = valid };
    }
}
