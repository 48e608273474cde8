using System.Text.Json.Nodes;

namespace Feedback.Emulator.Platform;

/// <summary>
/// Error answers in the platform's shapes: request validation is FastAPI's 422
/// <c>{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}</c> (the SDK's <c>HTTPValidationError</c>); other refusals
/// are <c>{"error": {"detail": "..."}}</c>.
/// </summary>
public static class ApiErrors
{
    /// <summary>A 422 naming each invalid field.</summary>
    /// <param name="problems">Field path (from the body) and message.</param>
    public static IResult Validation(IEnumerable<(string[] Loc, string Msg, string Type)> problems) =>
        Results.Json(new JsonObject
        {
            ["detail"] = new JsonArray([.. problems.Select(p => (JsonNode)new JsonObject
            {
                ["loc"] = new JsonArray([JsonValue.Create("body"), .. p.Loc.Select(l => (JsonNode)JsonValue.Create(l)!)]),
                ["msg"] = p.Msg,
                ["type"] = p.Type,
            })]),
        }, statusCode: StatusCodes.Status422UnprocessableEntity);

    /// <summary>A refusal with a status and a detail.</summary>
    /// <param name="status">The status.</param>
    /// <param name="detail">Why.</param>
    public static IResult Refusal(int status, string detail) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["detail"] = detail } }, statusCode: status);

    /// <summary>A missing required field.</summary>
    public static (string[] Loc, string Msg, string Type) Missing(params string[] loc) => (loc, "field required", "value_error.missing");

    /// <summary>A field with a wrong value.</summary>
    public static (string[] Loc, string Msg, string Type) Invalid(string message, params string[] loc) => (loc, message, "value_error");
}
