using System.Reflection;
using System.Text.Json.Serialization;

namespace Feedback.Pipeline;

/// <summary>The names enums are serialised with (their <see cref="JsonStringEnumMemberNameAttribute"/>), for messages and summaries.</summary>
public static class WireNames
{
    /// <summary>The serialised name of <paramref name="value"/>: its <see cref="JsonStringEnumMemberNameAttribute"/>, else its name.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="value">The value.</param>
    public static string Of<T>(T value)
        where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? value.ToString();
}
