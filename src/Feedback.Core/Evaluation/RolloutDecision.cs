namespace Feedback.Core.Evaluation;

/// <summary>The outcome of the comparison, with the reasons a person can read.</summary>
/// <param name="Promote">Whether the challenger replaces the champion.</param>
/// <param name="Evidence">The paired comparison it rests on.</param>
/// <param name="Reasons">Each rule and whether it held.</param>
public sealed record RolloutDecision(bool Promote, PairedComparison Evidence, IReadOnlyList<string> Reasons);
