namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The figures a decision rests on.</summary>
/// <param name="Champion">The champion's metrics.</param>
/// <param name="Challenger">The challenger's metrics.</param>
/// <param name="Promote">What the statistics say.</param>
/// <param name="Difference">Challenger minus champion exact match.</param>
/// <param name="PValue">Exact McNemar p-value.</param>
/// <param name="ConfidenceLow">Lower bound of the bootstrap interval of the difference.</param>
/// <param name="ConfidenceHigh">Upper bound.</param>
/// <param name="Reasons">Each rule and whether it held.</param>
/// <param name="ScoresKey">The stored scores (per-attribute, per-act, examples) for the report.</param>
public sealed record RolloutScore(
    ModelMetrics Champion,
    ModelMetrics Challenger,
    bool Promote,
    double Difference,
    double PValue,
    double ConfidenceLow,
    double ConfidenceHigh,
    IReadOnlyList<string> Reasons,
    string ScoresKey);
