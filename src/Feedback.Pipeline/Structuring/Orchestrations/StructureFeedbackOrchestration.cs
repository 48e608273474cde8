using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.Structuring;

/// <summary>
/// Structures a dataset version's new unlabelled feedback with the champion, so analysts can count
/// what players talk about: bounded fan-out of batch activities, each storing its records with the
/// model's answer, validity and the model id; then a summary (counts by act, top games, ratings) in
/// the store and the metrics sink. Skipped when there is no champion yet, no model platform, or the
/// version was structured before. Started by the data update after each new version.
/// </summary>
public sealed class StructureFeedbackOrchestration : TaskOrchestrator<string, StructuringResult>
{
    /// <inheritdoc />
    public override async Task<StructuringResult> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        StructuringPlan plan = await context.CallActivityAsync<StructuringPlan>(nameof(PlanStructuringActivity), input, TaskRetries.Storage);
        if (plan.SkipReason is not null)
        {
            return StructuringResult.Skipped(plan.SkipReason);
        }

        var batches = new List<StructuringBatch>();
        for (long offset = plan.Offset; offset < plan.Offset + plan.Count; offset += plan.BatchSize)
        {
            batches.Add(new StructuringBatch(input, plan.ModelId!, plan.ServiceName, offset, (int)Math.Min(plan.BatchSize, plan.Offset + plan.Count - offset)));
        }

        int batchesDone = 0;
        context.SetCustomStatus(Progress.Counting("structuring", batchesDone, batches.Count));
        StructuredBatchCounts[] counts = await FanOut.RunAsync<StructuringBatch, StructuredBatchCounts>(
            context, nameof(StructureBatchActivity), batches, plan.Parallelism, TaskRetries.Storage,
            _ => context.SetCustomStatus(Progress.Counting("structuring", ++batchesDone, batches.Count)));

        StructuringSummary summary = Summarize(input, plan.ModelId!, context.CurrentUtcDateTime, counts);
        await context.CallActivityAsync(nameof(RecordStructuringActivity), summary, TaskRetries.Storage);
        return StructuringResult.Structured(summary);
    }

    /// <summary>Adds up the batches: acts and ratings in full, the ten most named games.</summary>
    internal static StructuringSummary Summarize(string version, string modelId, DateTimeOffset at, IEnumerable<StructuredBatchCounts> batches)
    {
        long records = 0, valid = 0;
        var byAct = new Dictionary<string, long>(StringComparer.Ordinal);
        var games = new Dictionary<string, long>(StringComparer.Ordinal);
        var ratings = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (StructuredBatchCounts batch in batches)
        {
            records += batch.Records;
            valid += batch.Valid;
            Add(byAct, batch.ByAct);
            Add(games, batch.Games);
            Add(ratings, batch.Ratings);
        }

        return new StructuringSummary(version, modelId, at, records, valid,
            Ordered(byAct, int.MaxValue), Ordered(games, 10), Ordered(ratings, int.MaxValue));

        static void Add(Dictionary<string, long> into, Dictionary<string, long> from)
        {
            foreach ((string key, long count) in from)
            {
                into[key] = into.GetValueOrDefault(key) + count;
            }
        }

        static Dictionary<string, long> Ordered(Dictionary<string, long> counts, int take) =>
            counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(take).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
    }
}
