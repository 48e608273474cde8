using System.Text.Json;
using Feedback.Core.Evaluation;
using Feedback.Core.Jsonl;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Scores both models' predictions with the product's metrics and the champion-challenger rule (section <c>Decision</c>).</summary>
/// <param name="store">The object store.</param>
/// <param name="decision">The promotion rule: margin, significance level, bootstrap.</param>
public sealed class ScoreRolloutActivity(IObjectStore store, Microsoft.Extensions.Options.IOptions<DecisionOptions> decision) : TaskActivity<ScoringRequest, RolloutScore>
{
    /// <inheritdoc />
    public override async Task<RolloutScore> RunAsync(TaskActivityContext context, ScoringRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        List<PredictionRecord> champion = await ReadAsync(input.ChampionKeys);
        List<PredictionRecord> challenger = await ReadAsync(input.ChallengerKeys);
        QualityReport championReport = QualityMetrics.Compute(champion.Select(p => (p.Reference, p.Prediction)));
        QualityReport challengerReport = QualityMetrics.Compute(challenger.Select(p => (p.Reference, p.Prediction)));
        DecisionOptions options = decision.Value;
        PairedComparison comparison = ChampionChallenger.Compare(
            QualityMetrics.ExactMatches(champion.Select(p => (p.Reference, p.Prediction))),
            QualityMetrics.ExactMatches(challenger.Select(p => (p.Reference, p.Prediction))),
            options);
        RolloutDecision verdict = ChampionChallenger.Decide(comparison, options);

        var scores = new
        {
            champion = championReport,
            challenger = challengerReport,
            comparison,
            verdict.Reasons,
            differences = champion.Zip(challenger)
                .Where(p => p.First.Prediction != p.Second.Prediction)
                .Take(12)
                .Select(p => new { p.First.Text, p.First.Reference, champion = p.First.Prediction, challenger = p.Second.Prediction }),
        };
        await store.WriteAsync(input.OutputKey, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(scores, PipelineJson.Options)));
        return new RolloutScore(
            Metrics(championReport),
            Metrics(challengerReport),
            verdict.Promote,
            comparison.Difference,
            comparison.PValue,
            comparison.ConfidenceLow,
            comparison.ConfidenceHigh,
            verdict.Reasons,
            input.OutputKey);
    }

    private static ModelMetrics Metrics(QualityReport report) => new(report.ExactMatch, report.DialogueActAccuracy, report.Slots.F1, report.Count);

    private async Task<List<PredictionRecord>> ReadAsync(IReadOnlyList<string> keys)
    {
        var records = new List<PredictionRecord>();
        foreach (string key in keys)
        {
            await using Stream stream = await store.OpenReadAsync(key);
            await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
            {
                records.Add(JsonSerializer.Deserialize<PredictionRecord>(line.Bytes.Span, PipelineJson.Options)!);
            }
        }

        return [.. records.OrderBy(r => r.Index)];
    }
}
