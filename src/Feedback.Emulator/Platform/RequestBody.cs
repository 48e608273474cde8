using System.Text.Json;
using System.Text.Json.Nodes;

namespace Feedback.Emulator.Platform;

/// <summary>Reads a JSON request body, answering malformed JSON the way the platform's API does (a 422).</summary>
public static class RequestBody
{
    /// <summary>The body as a JSON object, or the 422 to answer.</summary>
    /// <param name="request">The request.</param>
    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            JsonNode? node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return node is JsonObject body
                ? (body, null)
                : (null, ApiErrors.Validation([ApiErrors.Invalid("value is not a valid dict", [])]));
        }
        catch (JsonException)
        {
            return (null, ApiErrors.Validation([([], "Expecting value", "value_error.jsondecode")]));
        }
    }

    /// <summary>A string field, or null when absent or JSON null; a problem when it has another type.</summary>
    public static string? Text(JsonNode? node, List<(string[], string, string)> problems, params string[] loc)
    {
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue(out string? s)) return s;
        problems.Add(ApiErrors.Invalid("str type expected", loc));
        return null;
    }

    /// <summary>A required string field: a "field required" problem when absent, "str type expected" for another type.</summary>
    public static string? RequiredText(JsonNode? node, List<(string[], string, string)> problems, params string[] loc)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (node is null)
        {
            problems.Add(ApiErrors.Missing(loc));
            return null;
        }

        return Text(node, problems, loc);
    }

    /// <summary>An integer field in a range, or null when absent or JSON null.</summary>
    public static int? Number(JsonNode? node, int min, int max, List<(string[], string, string)> problems, params string[] loc)
    {
        if (node is null) return null;
        if (node is not JsonValue v || !v.TryGetValue(out int i))
        {
            problems.Add(ApiErrors.Invalid("value is not a valid integer", loc));
            return null;
        }

        if (i < min) problems.Add(ApiErrors.Invalid($"ensure this value is greater than or equal to {min}", loc));
        if (i > max) problems.Add(ApiErrors.Invalid($"ensure this value is less than or equal to {max}", loc));
        return i;
    }
}
