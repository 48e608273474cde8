using Feedback.Core.Mr;

namespace Feedback.Core.Evaluation;

/// <summary>
/// Computes <see cref="QualityReport"/> over (reference, prediction) pairs. A prediction that does not parse is
/// wrong on every metric and contributes its reference's slots as false negatives. Slot pairs compare the
/// whole value string, so a list value counts once.
/// </summary>
public static class QualityMetrics
{
    /// <summary>Scores the pairs. References must be MRs; predictions may be anything.</summary>
    public static QualityReport Compute(IEnumerable<(string Reference, string Prediction)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        int count = 0, exact = 0, act = 0, set = 0, order = 0, failures = 0;
        var perAttribute = new Dictionary<SlotName, long[]>();
        var actTotals = new Dictionary<DialogueAct, int[]>();
        long[] Counts(SlotName name) => perAttribute.TryGetValue(name, out var c) ? c : perAttribute[name] = new long[3];

        foreach (var (referenceText, prediction) in pairs)
        {
            if (!MrParser.TryParse(referenceText, out var reference, out var referenceError))
                throw new ArgumentException($"reference #{count + 1} is not an MR {referenceError}: {referenceText}", nameof(pairs));
            count++;
            var totals = actTotals.TryGetValue(reference.Act, out var t) ? t : actTotals[reference.Act] = new int[2];
            totals[1]++;
            if (string.Equals(referenceText, prediction, StringComparison.Ordinal)) exact++;

            if (!MrParser.TryParse(prediction, out var predicted, out _))
            {
                failures++;
                foreach (var slot in reference.Slots) Counts(slot.Attribute)[2]++;
                continue;
            }
            if (predicted.Act == reference.Act)
            {
                act++;
                totals[0]++;
            }
            if (reference.AttributeNames.Order().SequenceEqual(predicted.AttributeNames.Order())) set++;
            if (reference.AttributeNames.SequenceEqual(predicted.AttributeNames)) order++;

            foreach (var slot in predicted.Slots)
            {
                var truth = reference[slot.Attribute];
                Counts(slot.Attribute)[string.Equals(truth, slot.Value, StringComparison.Ordinal) ? 0 : 1]++;
            }
            foreach (var slot in reference.Slots)
            {
                if (!string.Equals(predicted[slot.Attribute], slot.Value, StringComparison.Ordinal)) Counts(slot.Attribute)[2]++;
            }
        }

        double Share(int n) => count == 0 ? 0 : (double)n / count;
        var micro = new SlotScore(perAttribute.Values.Sum(c => c[0]), perAttribute.Values.Sum(c => c[1]), perAttribute.Values.Sum(c => c[2]));
        return new QualityReport(
            count, Share(exact), Share(act), Share(set), Share(order), micro,
            perAttribute.OrderBy(p => (int)p.Key).ToDictionary(p => p.Key.WireName(), p => new SlotScore(p.Value[0], p.Value[1], p.Value[2]), StringComparer.Ordinal),
            failures)
        {
            ActAccuracyByAct = actTotals.OrderBy(a => (int)a.Key)
                .ToDictionary(a => a.Key.WireName(), a => (double)a.Value[0] / a.Value[1], StringComparer.Ordinal),
        };
    }

    /// <summary>Per item, whether the prediction matches the reference exactly (the input of the paired test).</summary>
    public static bool[] ExactMatches(IEnumerable<(string Reference, string Prediction)> pairs) =>
        pairs.Select(p => string.Equals(p.Reference, p.Prediction, StringComparison.Ordinal)).ToArray();
}
