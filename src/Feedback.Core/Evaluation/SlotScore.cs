namespace Feedback.Core.Evaluation;

/// <summary>Counts for precision, recall and F1 over (attribute, value) pairs.</summary>
/// <param name="TruePositives">Predicted pairs that are in the reference.</param>
/// <param name="FalsePositives">Predicted pairs that are not.</param>
/// <param name="FalseNegatives">Reference pairs that were not predicted.</param>
public sealed record SlotScore(long TruePositives, long FalsePositives, long FalseNegatives)
{
    /// <summary>TP / (TP + FP); 0 when nothing was predicted.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when the reference has nothing.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall; 0 when both are 0.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Reference pairs: TP + FN.</summary>
    public long Support => TruePositives + FalseNegatives;

    internal static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
