using Feedback.Core.Evaluation;

namespace Feedback.Core.Tests;

public class ChampionChallengerTests
{
    [Theory]
    // b = 0, c = 0: no discordant pairs.
    [InlineData(0, 0, 1.0)]
    // n = 5, k = 0: 2 * (1/32) = 0.0625.
    [InlineData(0, 5, 0.0625)]
    // n = 10, k = 1: 2 * (1 + 10)/1024 = 0.021484375.
    [InlineData(1, 9, 0.021484375)]
    [InlineData(9, 1, 0.021484375)]
    // n = 10, k = 5: capped at 1.
    [InlineData(5, 5, 1.0)]
    // n = 12, k = 2: 2 * (1 + 12 + 66)/4096 = 0.03857421875.
    [InlineData(2, 10, 0.03857421875)]
    public void McNemarExactPValue_HandComputed_Matches(int b, int c, double expected)
    {
        Assert.Equal(expected, ChampionChallenger.McNemarExactPValue(b, c), 12);
    }

    [Fact]
    public void McNemarExactPValue_LargeCounts_DoesNotUnderflow()
    {
        var p = ChampionChallenger.McNemarExactPValue(600, 900);

        Assert.InRange(p, 1e-20, 1e-6);
        Assert.Equal(1.0, ChampionChallenger.McNemarExactPValue(1000, 1000), 6);
    }

    [Fact]
    public void Compare_PairedResults_CountsTheTable()
    {
        bool[] champion = [true, true, false, false, true, false];
        bool[] challenger = [true, false, true, true, true, false];

        var evidence = ChampionChallenger.Compare(champion, challenger, new DecisionOptions());

        Assert.Equal((6, 2, 1, 2, 1), (evidence.Items, evidence.BothRight, evidence.ChampionOnly, evidence.ChallengerOnly, evidence.BothWrong));
        Assert.Equal(0.5, evidence.ChampionExactMatch, 10);
        Assert.Equal(4.0 / 6, evidence.ChallengerExactMatch, 10);
        Assert.Equal(1.0 / 6, evidence.Difference, 10);
        // n = 3, k = 1: 2 * (1 + 3)/8 = 1.
        Assert.Equal(1.0, evidence.PValue, 10);
        Assert.True(evidence.ConfidenceLow <= evidence.Difference && evidence.Difference <= evidence.ConfidenceHigh);
    }

    [Fact]
    public void Decide_BetterBeyondMarginAndSignificant_Promotes()
    {
        // 100 items: both right 50, challenger-only 20, champion-only 2, both wrong 28.
        var (champion, challenger) = Build(both: 50, championOnly: 2, challengerOnly: 20, neither: 28);
        var options = new DecisionOptions { Margin = 0.05, Alpha = 0.05 };

        var decision = ChampionChallenger.Decide(ChampionChallenger.Compare(champion, challenger, options), options);

        Assert.True(decision.Promote);
        Assert.Equal(0.18, decision.Evidence.Difference, 10);
        // 2 * P(X <= 2 | n = 22) = 2 * (1 + 22 + 231) / 2^22.
        Assert.Equal(2.0 * 254 / 4194304, decision.Evidence.PValue, 12);
        Assert.True(decision.Evidence.ConfidenceLow > 0);
        Assert.Contains(decision.Reasons, r => r.StartsWith("margin met", StringComparison.Ordinal));
        Assert.Contains(decision.Reasons, r => r.StartsWith("significant", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_SignificantButBelowMargin_KeepsChampion()
    {
        var (champion, challenger) = Build(both: 900, championOnly: 0, challengerOnly: 12, neither: 88);
        var options = new DecisionOptions { Margin = 0.02 };

        var decision = ChampionChallenger.Decide(ChampionChallenger.Compare(champion, challenger, options), options);

        Assert.False(decision.Promote);
        Assert.True(decision.Evidence.PValue < 0.05);
        Assert.Contains(decision.Reasons, r => r.StartsWith("margin not met", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_AboveMarginButNotSignificant_KeepsChampion()
    {
        // Difference 0.1 on 20 items: c = 3, b = 1 -> p = 2 * (1 + 4)/16 = 0.625.
        var (champion, challenger) = Build(both: 10, championOnly: 1, challengerOnly: 3, neither: 6);
        var options = new DecisionOptions { Margin = 0.05 };

        var decision = ChampionChallenger.Decide(ChampionChallenger.Compare(champion, challenger, options), options);

        Assert.False(decision.Promote);
        Assert.Equal(0.625, decision.Evidence.PValue, 10);
        Assert.Contains(decision.Reasons, r => r.StartsWith("not significant", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_ChallengerWorse_KeepsChampion()
    {
        var (champion, challenger) = Build(both: 40, championOnly: 30, challengerOnly: 0, neither: 30);
        var options = new DecisionOptions { Margin = 0 };

        var decision = ChampionChallenger.Decide(ChampionChallenger.Compare(champion, challenger, options), options);

        Assert.False(decision.Promote);
        Assert.True(decision.Evidence.Difference < 0);
    }

    [Fact]
    public void Compare_SameSeed_GivesTheSameInterval()
    {
        var (champion, challenger) = Build(both: 30, championOnly: 7, challengerOnly: 15, neither: 48);
        var options = new DecisionOptions();

        var a = ChampionChallenger.Compare(champion, challenger, options);
        var b = ChampionChallenger.Compare(champion, challenger, options);

        Assert.Equal(a, b);
        Assert.True(a.ConfidenceLow < a.ConfidenceHigh);
    }

    [Fact]
    public void Compare_DifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => ChampionChallenger.Compare([true], [true, false], new DecisionOptions()));
    }

    private static (bool[] Champion, bool[] Challenger) Build(int both, int championOnly, int challengerOnly, int neither)
    {
        var champion = new List<bool>();
        var challenger = new List<bool>();
        void Add(int n, bool a, bool b)
        {
            for (var i = 0; i < n; i++)
            {
                champion.Add(a);
                challenger.Add(b);
            }
        }
        Add(both, true, true);
        Add(championOnly, true, false);
        Add(challengerOnly, false, true);
        Add(neither, false, false);
        return ([.. champion], [.. challenger]);
    }
}
