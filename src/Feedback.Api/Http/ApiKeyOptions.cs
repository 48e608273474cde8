using System.ComponentModel.DataAnnotations;

namespace Feedback.Api.Http;

/// <summary>
/// The self-hosted runtime's API key, section <c>Api</c>. Validated at start. A Functions app does not
/// use it: the Functions host checks its own function keys before a request reaches the worker.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary>
    /// The key mutating routes require, sent as the <c>x-functions-key</c> header (or the <c>code</c>
    /// query parameter), like a function key. Required, at least 16 characters. A secret: never logged
    /// nor echoed in management URLs.
    /// </summary>
    [Required(ErrorMessage = "Set Api:ApiKey (environment Api__ApiKey): mutating routes need a key.")]
    [MinLength(16, ErrorMessage = "Api:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = string.Empty;
}
