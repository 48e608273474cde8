using System.ComponentModel.DataAnnotations;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>One feedback source: a prefix of the object store holding exports in one platform's format.</summary>
public sealed class FeedbackSourceOptions
{
    /// <summary>The source's name, stamped on its records and metrics (e.g. <c>discord</c>).</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,31}$", ErrorMessage = "A source name is 1 to 32 lower-case letters, digits and dashes.")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The key prefix of its exports (e.g. <c>sources/discord/</c>).</summary>
    [Required]
    public string Prefix { get; set; } = string.Empty;

    /// <summary>The row format: <c>discord</c>, <c>twitch</c> or <c>api</c>.</summary>
    [Required]
    public string Format { get; set; } = string.Empty;
}
