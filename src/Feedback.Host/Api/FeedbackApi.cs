using System.Security.Cryptography;
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
/// <param name="Replayed">True when the idempotency key was seen before and nothing new was stored.</param>
public sealed record FeedbackAccepted(string Key, int Accepted, bool Replayed = false);

/// <summary>What an idempotency key stored (<c>state/intake/{hash}.json</c>).</summary>
/// <param name="BodySha256">The SHA-256 of the request body the key first came with.</param>
/// <param name="Key">The source object.</param>
/// <param name="Accepted">Items stored.</param>
internal sealed record IntakeClaim(string BodySha256, string Key, int Accepted);

/// <summary>
/// <c>POST /api/feedback</c>: feedback sent straight to the product (one item or an array of
/// <c>{"id"?, "text", "mr"?, "receivedAt"?}</c>). Every item is checked with the same rules as the
/// exports; a request with any bad item is refused whole with a 400 naming each bad item, so nothing
/// is half-stored. Accepted feedback becomes one object under the API source's prefix, which the
/// next data update ingests. With an <c>Idempotency-Key</c> header the object's name and the
/// generated ids derive from the key, and the key is claimed in the store before the write: the same
/// key with the same body stores once (a repeat answers 200 with <c>replayed</c>), the same key with
/// another body is refused with 422.
/// </summary>
public static class FeedbackApi
{
    /// <summary>The most items one request may carry.</summary>
    public const int MaxItems = 1000;

    /// <summary>The header carrying the sender's idempotency key.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Maps the route.</summary>
    /// <param name="app">The endpoint builder.</param>
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/feedback", PostAsync).AddEndpointFilter<ApiKeyFilter>().WithName("PostFeedback");
        return app;
    }

    private static async Task<Results<Accepted<FeedbackAccepted>, Ok<FeedbackAccepted>, ProblemHttpResult>> PostAsync(
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

        string? idempotencyKey = request.Headers[IdempotencyHeader].FirstOrDefault();
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid idempotency key", detail: $"The '{IdempotencyHeader}' header is 1 to 200 printable ASCII characters without spaces.");
        }

        (byte[]? raw, ProblemHttpResult? tooLarge) = await RequestBody.ReadAsync(request, api.Value.MaxPayloadBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        JsonElement body;
        try
        {
            using JsonDocument document = JsonDocument.Parse(raw);
            body = document.RootElement.Clone();
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
        string? keyHash = idempotencyKey is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];
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

            byte[] row = Complete(item, keyHash is null ? Guid.NewGuid().ToString("N") : $"{keyHash}-{i}", now);
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

        using var content = new MemoryStream();
        foreach (byte[] row in rows)
        {
            content.Write(row);
            content.WriteByte((byte)'\n');
        }

        content.Position = 0;
        if (keyHash is null)
        {
            string key = $"{source.Prefix}{now:yyyy/MM/dd}/{now:HHmmss}-{Guid.NewGuid():N}.jsonl";
            await store.WriteAsync(key, content, cancellationToken);
            return TypedResults.Accepted((string?)null, new FeedbackAccepted(key, rows.Count));
        }

        var claim = new IntakeClaim(Convert.ToHexStringLower(SHA256.HashData(raw!)), $"{source.Prefix}keyed/{keyHash}.jsonl", rows.Count);
        string claimKey = $"state/intake/{keyHash}.json";
        for (int attempt = 0; ; attempt++)
        {
            TaggedContent? existing = await store.ReadTaggedAsync(claimKey, cancellationToken);
            if (existing is not null)
            {
                IntakeClaim first = JsonSerializer.Deserialize<IntakeClaim>(existing.Content, PipelineJson.Options)!;
                if (first.BodySha256 != claim.BodySha256)
                {
                    return TypedResults.Problem(
                        statusCode: StatusCodes.Status422UnprocessableEntity,
                        title: "Idempotency key reused",
                        detail: $"The '{IdempotencyHeader}' was first sent with another body; send new feedback under a new key.");
                }

                if (!await ExistsAsync(store, first.Key, cancellationToken))
                {
                    // The first request claimed the key and stopped before storing: finish its work.
                    await store.WriteAsync(first.Key, content, cancellationToken);
                }

                return TypedResults.Ok(new FeedbackAccepted(first.Key, first.Accepted, Replayed: true));
            }

            try
            {
                await store.WriteIfAsync(claimKey, JsonSerializer.SerializeToUtf8Bytes(claim, PipelineJson.Options), WriteCondition.MustNotExist, cancellationToken);
                break;
            }
            catch (ObjectChangedException) when (attempt == 0)
            {
                // Another request with the same key claimed it first: answer as its replay.
            }
        }

        await store.WriteAsync(claim.Key, content, cancellationToken);
        return TypedResults.Accepted((string?)null, new FeedbackAccepted(claim.Key, rows.Count));
    }

    private static async Task<bool> ExistsAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        await foreach (StoredObject stored in store.ListAsync(key, cancellationToken))
        {
            if (stored.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fills in an id and a receive time when the sender gave none.</summary>
    private static byte[] Complete(JsonElement item, string id, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (!item.TryGetProperty("id", out _))
            {
                json.WriteString("id", id);
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
