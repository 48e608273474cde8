using System.ComponentModel.DataAnnotations;

namespace Feedback.Integrations.Metrics;

/// <summary>The metrics sink, section <c>Metrics</c>. Validated at start.</summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Metrics";

    /// <summary>The sink. Default <see cref="MetricsKind.Sqlite"/>.</summary>
    public MetricsKind Kind { get; set; } = MetricsKind.Sqlite;

    /// <summary>The SQLite file. Default <c>.feedback/metrics.db</c> under the working directory.</summary>
    [Required]
    public string SqlitePath { get; set; } = Path.Combine(".feedback", "metrics.db");
}
