namespace Feedback.Core.Evaluation;

/// <summary>The paired evidence: both models scored on the same items.</summary>
/// <param name="Items">Items scored by both.</param>
/// <param name="BothRight">Items both got exactly right.</param>
/// <param name="ChampionOnly">Items only the champion got right (McNemar b).</param>
/// <param name="ChallengerOnly">Items only the challenger got right (McNemar c).</param>
/// <param name="BothWrong">Items both got wrong.</param>
/// <param name="PValue">Two-sided exact McNemar p-value.</param>
/// <param name="ConfidenceLow">Lower bound of the bootstrap confidence interval of the difference.</param>
/// <param name="ConfidenceHigh">Upper bound.</param>
/// <param name="ConfidenceLevel">Level of the interval, 1 - alpha.</param>
public sealed record PairedComparison(
    int Items,
    int BothRight,
    int ChampionOnly,
    int ChallengerOnly,
    int BothWrong,
    double PValue,
    double ConfidenceLow,
    double ConfidenceHigh,
    double ConfidenceLevel)
{
    /// <summary>Champion's strict exact match.</summary>
    public double ChampionExactMatch => Items == 0 ? 0 : (double)(BothRight + ChampionOnly) / Items;

    /// <summary>Challenger's strict exact match.</summary>
    public double ChallengerExactMatch => Items == 0 ? 0 : (double)(BothRight + ChallengerOnly) / Items;

    /// <summary>Challenger minus champion.</summary>
    public double Difference => Items == 0 ? 0 : (double)(ChallengerOnly - ChampionOnly) / Items;
}
