using System.Text;
using System.Text.Json;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Api;

/// <summary>The result of posting feedback.</summary>
/// <param name="Key">The source object the feedback was stored as.</param>
/// <param name="Accepted">How many items it holds.</param>
public sealed record FeedbackAccepted(string Key, int Accepted);

/// <summary>
/// <c>POST /api/feedback</c>: feedback sent straight to the product (one item or an array of
/// <c>{"id"?, "text", "mr"?, "receivedAt"?}</c>). Every item is checked with the same rules as the
/// exports; a request with any bad item is refused whole with a 400 naming each bad item, so nothing
/// is half-stored. Accepted feedback becomes one object under the API source's prefix, which the
/// next data update ingests.
/// </summary>
public static class FeedbackApi
{
    /// <summary>The most items one request may carry.</summary>
    public const int MaxItems = 1000;

    /// <summary>Maps the route.</summary>
    /// <param name="app">The endpoint builder.</param>
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/feedback", PostAsync).AddEndpointFilter<ApiKeyFilter>().WithName("PostFeedback");
        return app;
    }

    private static async Task<Results<Accepted<FeedbackAccepted>, ProblemHttpResult>> PostAsync(
        HttpRequest request,
        IObjectStore store,
        IOptions<DataUpdateOptions> dataUpdate,
        IOptions<ApiOptions> api,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        FeedbackSourceOptions? source = dataUpdate.Value.EffectiveSources.FirstOrDefault(s => string.Equals(s.Format, "api", StringComparison.OrdinalIgnoreCase));
        if (source is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No API source", detail: "No source with the 'api' format is configured (DataUpdate:Sources).");
        }

        JsonElement body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length > api.Value.MaxPayloadBytes)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"The body may be at most {api.Value.MaxPayloadBytes} bytes.");
            }

            body = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", detail: $"The body is not valid JSON: {e.Message}");
        }

        JsonElement[] items = body.ValueKind == JsonValueKind.Array ? [.. body.EnumerateArray()] : [body];
        if (items.Length is 0 or > MaxItems)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Wrong number of items", detail: $"Send 1 to {MaxItems} feedback items.");
        }

        DateTimeOffset now = time.GetUtcNow();
        SourceRowReaders.TryGet("api", out ISourceRowReader reader);
        var rows = new List<byte[]>(items.Length);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (int i = 0; i < items.Length; i++)
        {
            JsonElement item = items[i];
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors[$"[{i}]"] = ["an item is a JSON object with 'text' and optionally 'id', 'mr', 'receivedAt'"];
                continue;
            }

            byte[] row = Complete(item, now);
            RowOutcome outcome = SourceRowTransform.Transform(reader, source.Name, new JsonlLine(i + 1, row, false));
            if (!outcome.Accepted)
            {
                errors[$"[{i}]"] = [$"{outcome.Reason!.Value.Code()}: {outcome.Message}"];
                continue;
            }

            rows.Add(row);
        }

        if (errors.Count > 0)
        {
            return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Some feedback items are not valid",
                Detail = $"{errors.Count} of {items.Length} items are not valid; nothing was stored.",
            });
        }

        string key = $"{source.Prefix}{now:yyyy/MM/dd}/{now:HHmmss}-{Guid.NewGuid():N}.jsonl";
        using var content = new MemoryStream();
        foreach (byte[] row in rows)
        {
            content.Write(row);
            content.WriteByte((byte)'\n');
        }

        content.Position = 0;
        await store.WriteAsync(key, content, cancellationToken);
        return TypedResults.Accepted((string?)null, new FeedbackAccepted(key, rows.Count));
    }

    /// <summary>Fills in an id and a receive time when the sender gave none.</summary>
    private static byte[] Complete(JsonElement item, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (!item.TryGetProperty("id", out _))
            {
                json.WriteString("id", Guid.NewGuid().ToString("N"));
            }

            if (!item.TryGetProperty("receivedAt", out _))
            {
                json.WriteString("receivedAt", now);
            }

            foreach (JsonProperty property in item.EnumerateObject())
            {
                property.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
