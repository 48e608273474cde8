using System.ComponentModel.DataAnnotations;

namespace Feedback.Core.Evaluation;

/// <summary>How a challenger must beat the champion to be promoted: section <c>Decision</c>, validated at start.</summary>
public sealed class DecisionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Decision";

    /// <summary>The smallest difference in strict exact match (challenger minus champion) that promotes. Default 0.02.</summary>
    [Range(0.0, 1.0)]
    public double Margin { get; set; } = 0.02;

    /// <summary>The significance level of the exact McNemar test. Default 0.05.</summary>
    [Range(1e-9, 1.0)]
    public double Alpha { get; set; } = 0.05;

    /// <summary>Bootstrap resamples for the confidence interval. Default 2000.</summary>
    [Range(100, 1_000_000)]
    public int BootstrapResamples { get; set; } = 2000;

    /// <summary>Seed of the bootstrap, so the same evidence gives the same interval. Default 20261129.</summary>
    public int Seed { get; set; } = 20261129;
}
