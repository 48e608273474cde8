using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace Feedback.Pipeline;

/// <summary>
/// The one JSON convention of orchestration inputs, outputs, events and custom status: web
/// defaults (camelCase out, case-insensitive in), so a body posted to the HTTP API binds to the
/// same records whichever runtime runs it.
/// </summary>
public static class PipelineJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The Durable Task data converter using <see cref="Options"/>.</summary>
    public static DataConverter DataConverter { get; } = new JsonDataConverter(Options);
}
