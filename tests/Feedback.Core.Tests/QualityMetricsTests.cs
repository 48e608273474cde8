using Feedback.Core.Evaluation;

namespace Feedback.Core.Tests;

public class QualityMetricsTests
{
    // Hand-computed case:
    // 1. exact match                             -> all right; 2 TP
    // 2. right act, one slot value wrong          -> act, set, order right; 1 TP, 1 FP, 1 FN
    // 3. wrong act, same slots in another order   -> act wrong, set right, order wrong; 2 TP
    // 4. not an MR                                -> parse failure; 2 FN
    private static readonly (string, string)[] Pairs =
    [
        ("request(release_year[2014], specifier[terrible])", "request(release_year[2014], specifier[terrible])"),
        ("give_opinion(name[X], rating[good], has_multiplayer[yes])", "give_opinion(name[X], rating[poor], has_multiplayer[yes])"),
        ("recommend(name[Y], platforms[PC])", "suggest(platforms[PC], name[Y])"),
        ("confirm(name[Z], release_year[2010])", "I think this is confirm(name[Z])"),
    ];

    [Fact]
    public void Compute_HandComputedCase_MatchesEveryMetric()
    {
        var report = QualityMetrics.Compute(Pairs);

        Assert.Equal(4, report.Count);
        Assert.Equal(0.25, report.ExactMatch, 10);
        Assert.Equal(0.50, report.DialogueActAccuracy, 10);
        Assert.Equal(0.75, report.AttributeSetAccuracy, 10);
        Assert.Equal(0.50, report.AttributeOrderAccuracy, 10);
        Assert.Equal(1, report.ParseFailures);
        Assert.Equal(0.25, report.ParseFailureRate, 10);
        // TP = 2 + 2 + 2 = 6; FP = 1 (rating[poor]); FN = 1 (rating[good]) + 2 (unparsed) = 3.
        Assert.Equal(new SlotScore(6, 1, 3), report.Slots);
        Assert.Equal(6.0 / 7, report.Slots.Precision, 10);
        Assert.Equal(6.0 / 9, report.Slots.Recall, 10);
        Assert.Equal(2 * (6.0 / 7) * (6.0 / 9) / ((6.0 / 7) + (6.0 / 9)), report.Slots.F1, 10);
    }

    [Fact]
    public void Compute_HandComputedCase_PerAttributeCounts()
    {
        var report = QualityMetrics.Compute(Pairs);

        Assert.Equal(new SlotScore(0, 1, 1), report.PerAttribute["rating"]);
        Assert.Equal(new SlotScore(2, 0, 1), report.PerAttribute["name"]);
        Assert.Equal(new SlotScore(1, 0, 1), report.PerAttribute["release_year"]);
        Assert.Equal(0.0, report.PerAttribute["rating"].F1);
        Assert.Equal(["name", "release_year", "rating", "has_multiplayer", "platforms", "specifier"], report.PerAttribute.Keys);
        Assert.Equal(1.0, report.ActAccuracyByAct["request"]);
        Assert.Equal(0.0, report.ActAccuracyByAct["recommend"]);
    }

    [Fact]
    public void Compute_NoPairs_IsAllZero()
    {
        var report = QualityMetrics.Compute([]);

        Assert.Equal(0, report.Count);
        Assert.Equal(0, report.ExactMatch);
        Assert.Equal(0, report.Slots.F1);
    }

    [Fact]
    public void Compute_InvalidReference_Throws()
    {
        Assert.Throws<ArgumentException>(() => QualityMetrics.Compute([("nope", "request(specifier[fun])")]));
    }

    [Fact]
    public void ExactMatches_IsOrdinalAndPerItem()
    {
        Assert.Equal([true, false, false, false], QualityMetrics.ExactMatches(Pairs));
    }
}
