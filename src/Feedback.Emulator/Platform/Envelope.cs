using System.Globalization;
using System.Text.Json.Nodes;

namespace Feedback.Emulator.Platform;

/// <summary>The platform's envelopes: <c>{"result": …}</c> and <c>{"results": […], "metadata": {"total", "next_paging_token"}}</c>.</summary>
public static class Envelope
{
    /// <summary>A single result.</summary>
    public static JsonObject Result(JsonNode result) => new() { ["result"] = result };

    /// <summary>One page of a list, paged by an opaque token (<c>count</c> items at most, default 20).</summary>
    public static IResult Page(IEnumerable<JsonNode> all, int? count, string? pagingToken)
    {
        List<JsonNode> items = [.. all];
        int skip = int.TryParse(pagingToken, NumberStyles.None, CultureInfo.InvariantCulture, out int s) ? s : 0;
        List<JsonNode> page = [.. items.Skip(skip).Take(Math.Clamp(count ?? 20, 1, 1000))];
        int next = skip + page.Count;
        return Results.Json(new JsonObject
        {
            ["results"] = new JsonArray([.. page]),
            ["metadata"] = new JsonObject
            {
                ["total"] = items.Count,
                ["next_paging_token"] = next < items.Count ? next.ToString(CultureInfo.InvariantCulture) : null,
            },
        });
    }
}
