namespace Feedback.Core.Evaluation;

/// <summary>The quality of a set of predictions against references, with the metric names of viggo-grammar.md.</summary>
/// <param name="Count">Pairs scored.</param>
/// <param name="ExactMatch">Strict exact match: the predicted string equals the reference string.</param>
/// <param name="DialogueActAccuracy">The act is right.</param>
/// <param name="AttributeSetAccuracy">The set of attribute names is right.</param>
/// <param name="AttributeOrderAccuracy">The list of attribute names, in order, is right.</param>
/// <param name="Slots">Micro-averaged slot counts over all attributes.</param>
/// <param name="PerAttribute">Slot counts per attribute wire name, for attributes in the references or predictions.</param>
/// <param name="ParseFailures">Predictions that are not an MR at all.</param>
public sealed record QualityReport(
    int Count,
    double ExactMatch,
    double DialogueActAccuracy,
    double AttributeSetAccuracy,
    double AttributeOrderAccuracy,
    SlotScore Slots,
    IReadOnlyDictionary<string, SlotScore> PerAttribute,
    int ParseFailures)
{
    /// <summary>ParseFailures / Count.</summary>
    public double ParseFailureRate => SlotScore.Ratio(ParseFailures, Count);

    /// <summary>Dialogue-act accuracy per act of the reference.</summary>
    public IReadOnlyDictionary<string, double> ActAccuracyByAct { get; init; } = new Dictionary<string, double>();
}
