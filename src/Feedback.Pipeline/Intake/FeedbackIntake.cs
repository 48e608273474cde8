using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Intake;

/// <summary>
/// Feedback sent straight to the product: one item or an array of <c>{"id"?, "text", "mr"?, "receivedAt"?}</c>.
/// Every item is checked with the same rules as the exports; a request with any bad item is refused
/// whole, naming each bad item, so nothing is half-stored. Accepted feedback becomes one object under
/// the API source's prefix, which the next data update ingests. With an idempotency key the object's
/// name and the generated ids derive from the key, and the key is claimed in the store before the
/// write: the same key with the same body stores once, the same key with another body is refused.
/// Shared by the self-hosted runtime's route and the Functions app's.
/// </summary>
/// <param name="store">The object store.</param>
/// <param name="dataUpdate">The sources.</param>
/// <param name="time">The clock.</param>
public sealed class FeedbackIntake(IObjectStore store, IOptions<DataUpdateOptions> dataUpdate, TimeProvider time)
{
    /// <summary>The most items one request may carry.</summary>
    public const int MaxItems = 1000;

    /// <summary>The header carrying the sender's idempotency key.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Checks and stores a request body.</summary>
    /// <param name="body">The body (already size-limited by the caller).</param>
    /// <param name="idempotencyKey">The sender's idempotency key, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IntakeOutcome> AcceptAsync(byte[] body, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        FeedbackSourceOptions? source = dataUpdate.Value.EffectiveSources.FirstOrDefault(s => string.Equals(s.Format, "api", StringComparison.OrdinalIgnoreCase));
        if (source is null)
        {
            return new IntakeOutcome(IntakeStatus.NoApiSource, null, null, "No source with the 'api' format is configured (DataUpdate:Sources).");
        }

        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            return Invalid("idempotencyKey", $"The '{IdempotencyHeader}' header is 1 to 200 printable ASCII characters without spaces.");
        }

        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return Invalid("body", $"The body is not valid JSON: {e.Message}");
        }

        JsonElement[] items = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
        if (items.Length is 0 or > MaxItems)
        {
            return Invalid("body", $"Send 1 to {MaxItems} feedback items; this request has {items.Length}.");
        }

        DateTimeOffset now = time.GetUtcNow();
        string? keyHash = idempotencyKey is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];
        SourceRowReaders.TryGet("api", out ISourceRowReader rowReader);
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
            RowOutcome outcome = SourceRowTransform.Transform(rowReader, source.Name, new JsonlLine(i + 1, row, false));
            if (!outcome.Accepted)
            {
                errors[$"[{i}]"] = [$"{outcome.Reason!.Value.Code()}: {outcome.Message}"];
                continue;
            }

            rows.Add(row);
        }

        if (errors.Count > 0)
        {
            return new IntakeOutcome(IntakeStatus.Invalid, null, errors, $"{errors.Count} of {items.Length} items are not valid; nothing was stored.");
        }

        using var joined = new MemoryStream();
        foreach (byte[] row in rows)
        {
            joined.Write(row);
            joined.WriteByte((byte)'\n');
        }

        byte[] content = joined.ToArray();
        if (keyHash is null)
        {
            string key = $"{source.Prefix}{now:yyyy/MM/dd}/{now:HHmmss}-{Guid.NewGuid():N}.jsonl";
            await store.WriteAsync(key, new MemoryStream(content), cancellationToken);
            return new IntakeOutcome(IntakeStatus.Accepted, new FeedbackAccepted(key, rows.Count), null, $"{rows.Count} items stored.");
        }

        var claim = new IntakeClaim(Convert.ToHexStringLower(SHA256.HashData(body)), $"{source.Prefix}keyed/{keyHash}.jsonl", rows.Count);
        string claimKey = StoreLayout.IntakeClaim(keyHash);
        for (int attempt = 0; ; attempt++)
        {
            TaggedContent? existing = await store.ReadTaggedAsync(claimKey, cancellationToken);
            if (existing is not null)
            {
                IntakeClaim first = JsonSerializer.Deserialize<IntakeClaim>(existing.Content, PipelineJson.Options)!;
                if (first.BodySha256 != claim.BodySha256)
                {
                    return new IntakeOutcome(IntakeStatus.KeyReused, null, null, $"The '{IdempotencyHeader}' was first sent with another body; send new feedback under a new key.");
                }

                if (!await ExistsAsync(first.Key, cancellationToken))
                {
                    // The first request claimed the key and stopped before storing: finish its work.
                    await store.WriteAsync(first.Key, new MemoryStream(content), cancellationToken);
                }

                return new IntakeOutcome(IntakeStatus.Replayed, new FeedbackAccepted(first.Key, first.Accepted, Replayed: true), null, "This idempotency key was stored before; nothing new was stored.");
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

        await store.WriteAsync(claim.Key, new MemoryStream(content), cancellationToken);
        return new IntakeOutcome(IntakeStatus.Accepted, new FeedbackAccepted(claim.Key, rows.Count), null, $"{rows.Count} items stored.");
    }

    private static IntakeOutcome Invalid(string field, string reason) =>
        new(IntakeStatus.Invalid, null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [reason] }, reason);

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
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
