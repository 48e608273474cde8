using System.Globalization;
using System.Text.Json.Serialization;

namespace Feedback.Integrations.Snowflake;

/// <summary>A bind variable: its Snowflake type (<c>TEXT</c>, <c>FIXED</c>, <c>REAL</c>, <c>BOOLEAN</c>) and its value as text.</summary>
/// <param name="Type">The Snowflake type.</param>
/// <param name="Value">The value, as Snowflake expects it in a binding (text; null for SQL NULL).</param>
public sealed record SnowflakeBinding(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string? Value)
{
    /// <summary>A text binding.</summary>
    /// <param name="value">The text.</param>
    public static SnowflakeBinding Text(string? value) => new("TEXT", value);

    /// <summary>An integer binding.</summary>
    /// <param name="value">The number.</param>
    public static SnowflakeBinding Fixed(long value) => new("FIXED", value.ToString(CultureInfo.InvariantCulture));
}
