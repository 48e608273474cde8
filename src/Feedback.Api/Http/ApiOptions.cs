using System.ComponentModel.DataAnnotations;

namespace Feedback.Api.Http;

/// <summary>Options of the HTTP surface in both runtimes, section <c>Api</c>. Validated at start.</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Api";

    /// <summary>The largest body any route reads (orchestration input, event payload, feedback, structuring request), in bytes. Default 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;
}
