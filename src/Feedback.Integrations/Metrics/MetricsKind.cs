namespace Feedback.Integrations.Metrics;

/// <summary>Which metrics sink to use.</summary>
public enum MetricsKind
{
    /// <summary>A local SQLite file (the embedded default).</summary>
    Sqlite,

    /// <summary>Snowflake through its SQL API v2 (section <c>Snowflake</c>).</summary>
    Snowflake,
}
