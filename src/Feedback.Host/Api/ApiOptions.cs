using System.ComponentModel.DataAnnotations;

namespace Feedback.Host.Api;

/// <summary>Options of the host's HTTP API, section <c>Api</c>. Validated at start.</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Api";

    /// <summary>
    /// The key mutating routes require, sent as the <c>x-functions-key</c> header (or the <c>code</c>
    /// query parameter), like a function key. Required, at least 16 characters. A secret: never logged
    /// nor echoed in management URLs.
    /// </summary>
    [Required(ErrorMessage = "Set Api:ApiKey (environment Api__ApiKey): mutating routes need a key.")]
    [MinLength(16, ErrorMessage = "Api:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The largest orchestration input or event payload accepted, in bytes. Default 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;
}
