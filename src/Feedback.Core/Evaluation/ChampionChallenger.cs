using System.Globalization;

namespace Feedback.Core.Evaluation;

/// <summary>The champion-challenger statistics: exact McNemar test, bootstrap interval and the decision rule.</summary>
public static class ChampionChallenger
{
    /// <summary>Compares per-item exact matches of champion and challenger on the same items.</summary>
    public static PairedComparison Compare(IReadOnlyList<bool> champion, IReadOnlyList<bool> challenger, DecisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(challenger);
        ArgumentNullException.ThrowIfNull(options);
        if (champion.Count != challenger.Count)
            throw new ArgumentException($"paired results need the same items: {champion.Count} vs {challenger.Count}", nameof(challenger));

        int both = 0, championOnly = 0, challengerOnly = 0, neither = 0;
        var diffs = new sbyte[champion.Count];
        for (var i = 0; i < champion.Count; i++)
        {
            (both, championOnly, challengerOnly, neither) = (champion[i], challenger[i]) switch
            {
                (true, true) => (both + 1, championOnly, challengerOnly, neither),
                (true, false) => (both, championOnly + 1, challengerOnly, neither),
                (false, true) => (both, championOnly, challengerOnly + 1, neither),
                _ => (both, championOnly, challengerOnly, neither + 1),
            };
            diffs[i] = (sbyte)((challenger[i] ? 1 : 0) - (champion[i] ? 1 : 0));
        }

        var level = 1 - options.Alpha;
        var (low, high) = BootstrapInterval(diffs, level, options.BootstrapResamples, options.Seed);
        return new PairedComparison(champion.Count, both, championOnly, challengerOnly, neither,
            McNemarExactPValue(championOnly, challengerOnly), low, high, level);
    }

    /// <summary>
    /// Two-sided exact McNemar test: under the null the discordant pairs split as Binomial(b + c, 1/2);
    /// p = min(1, 2 P(X &lt;= min(b, c))). 1 when there are no discordant pairs.
    /// </summary>
    public static double McNemarExactPValue(int b, int c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        var n = b + c;
        if (n == 0) return 1.0;
        var k = Math.Min(b, c);
        // Sum the binomial tail in log space so large n does not underflow 2^-n.
        var logTerm = -n * Math.Log(2);
        var logSum = logTerm;
        for (var i = 0; i < k; i++)
        {
            logTerm += Math.Log(n - i) - Math.Log(i + 1);
            logSum = LogAdd(logSum, logTerm);
        }
        return Math.Min(1.0, 2 * Math.Exp(logSum));
    }

    /// <summary>Applies the rule: promote only if the difference is at least the margin and p &lt; alpha.</summary>
    public static RolloutDecision Decide(PairedComparison evidence, DecisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(options);
        var inv = CultureInfo.InvariantCulture;
        var reasons = new List<string>
        {
            string.Format(inv, "exact match: challenger {0:0.000} vs champion {1:0.000} on {2} items (difference {3:+0.000;-0.000;0.000}, {4:0%} CI [{5:+0.000;-0.000;0.000}, {6:+0.000;-0.000;0.000}])",
                evidence.ChallengerExactMatch, evidence.ChampionExactMatch, evidence.Items, evidence.Difference,
                evidence.ConfidenceLevel, evidence.ConfidenceLow, evidence.ConfidenceHigh),
        };
        var marginHolds = evidence.Difference >= options.Margin && evidence.Difference > 0;
        reasons.Add(string.Format(inv, marginHolds
                ? "margin met: difference {0:+0.000;-0.000;0.000} >= {1:0.000}"
                : "margin not met: difference {0:+0.000;-0.000;0.000} < {1:0.000}",
            evidence.Difference, options.Margin));
        var significant = evidence.PValue < options.Alpha;
        reasons.Add(string.Format(inv, significant
                ? "significant: exact McNemar p = {0:G3} < alpha {1} (challenger-only {2}, champion-only {3})"
                : "not significant: exact McNemar p = {0:G3} >= alpha {1} (challenger-only {2}, champion-only {3})",
            evidence.PValue, options.Alpha, evidence.ChallengerOnly, evidence.ChampionOnly));
        if (evidence.Items == 0) reasons.Add("no items were scored");
        var promote = marginHolds && significant && evidence.Items > 0;
        reasons.Insert(0, promote ? "promote: the challenger is better by the margin and significantly" : "keep the champion");
        return new RolloutDecision(promote, evidence, reasons);
    }

    private static (double Low, double High) BootstrapInterval(sbyte[] diffs, double level, int resamples, int seed)
    {
        if (diffs.Length == 0) return (0, 0);
        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            long sum = 0;
            for (var i = 0; i < diffs.Length; i++) sum += diffs[random.Next(diffs.Length)];
            means[r] = (double)sum / diffs.Length;
        }
        Array.Sort(means);
        var tail = (1 - level) / 2;
        return (Percentile(means, tail), Percentile(means, 1 - tail));
    }

    private static double Percentile(double[] sorted, double q)
    {
        var index = Math.Clamp((int)Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1);
        return sorted[index];
    }

    private static double LogAdd(double a, double b)
    {
        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
