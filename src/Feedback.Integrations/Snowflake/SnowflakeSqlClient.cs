using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Feedback.Integrations.Snowflake;

/// <summary>A bind variable: its Snowflake type (<c>TEXT</c>, <c>FIXED</c>, <c>REAL</c>, <c>BOOLEAN</c>) and its value as text.</summary>
/// <param name="Type">The Snowflake type.</param>
/// <param name="Value">The value, as Snowflake expects it in a binding (text; null for SQL NULL).</param>
public sealed record SnowflakeBinding(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string? Value)
{
    /// <summary>A text binding.</summary>
    /// <param name="value">The text.</param>
    public static SnowflakeBinding Text(string? value) => new("TEXT", value);

    /// <summary>An integer binding.</summary>
    /// <param name="value">The number.</param>
    public static SnowflakeBinding Fixed(long value) => new("FIXED", value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// Runs statements through Snowflake's SQL API v2 (<c>POST /api/v2/statements</c>) with a key-pair
/// JWT, bind variables and a request id (so a retried POST does not run twice); statements that
/// answer 202 are polled on their status URL until they finish. Errors become
/// <see cref="SnowflakeException"/> with Snowflake's code, SQL state and message.
/// </summary>
/// <param name="httpFactory">Creates the named <c>snowflake</c> HTTP client (standard resilience).</param>
/// <param name="jwt">The token source.</param>
/// <param name="options">The options.</param>
/// <param name="time">The clock used for polling.</param>
public sealed class SnowflakeSqlClient(IHttpClientFactory httpFactory, SnowflakeJwt jwt, IOptions<SnowflakeOptions> options, TimeProvider time)
{
    /// <summary>The name of the HTTP client.</summary>
    public const string HttpClientName = "snowflake";

    private sealed record StatementRequest(
        [property: JsonPropertyName("statement")] string Statement,
        [property: JsonPropertyName("timeout")] int Timeout,
        [property: JsonPropertyName("database")] string Database,
        [property: JsonPropertyName("schema")] string Schema,
        [property: JsonPropertyName("warehouse"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warehouse,
        [property: JsonPropertyName("role"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
        [property: JsonPropertyName("bindings"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, SnowflakeBinding>? Bindings);

    /// <summary>Runs one statement to completion and returns its result document.</summary>
    /// <param name="statement">The SQL, with <c>?</c> placeholders.</param>
    /// <param name="bindings">The values of the placeholders, in order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<JsonElement> ExecuteAsync(string statement, IReadOnlyList<SnowflakeBinding> bindings, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statement);
        ArgumentNullException.ThrowIfNull(bindings);
        SnowflakeOptions o = options.Value;
        var body = new StatementRequest(
            statement,
            o.StatementTimeoutSeconds,
            o.Database,
            o.Schema,
            string.IsNullOrWhiteSpace(o.Warehouse) ? null : o.Warehouse,
            string.IsNullOrWhiteSpace(o.Role) ? null : o.Role,
            bindings.Count == 0 ? null : bindings.Select((b, i) => (Key: (i + 1).ToString(CultureInfo.InvariantCulture), b)).ToDictionary(p => p.Key, p => p.b));
        var requestId = Guid.NewGuid();
        using HttpRequestMessage request = Authorised(HttpMethod.Post, $"api/v2/statements?requestId={requestId}");
        request.Content = JsonContent.Create(body);
        using HttpResponseMessage response = await SendAsync(request, cancellationToken);
        JsonElement result = await ReadAsync(response, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return result;
        }

        string statusUrl = result.TryGetProperty("statementStatusUrl", out JsonElement url) && url.GetString() is { } u
            ? u.TrimStart('/')
            : $"api/v2/statements/{result.GetProperty("statementHandle").GetString()}";
        DateTimeOffset deadline = time.GetUtcNow().AddSeconds(o.StatementTimeoutSeconds);
        while (true)
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new SnowflakeException($"Snowflake statement {result.GetProperty("statementHandle").GetString()} did not finish within {o.StatementTimeoutSeconds} s.");
            }

            await Task.Delay(o.PollInterval, time, cancellationToken);
            using HttpRequestMessage poll = Authorised(HttpMethod.Get, statusUrl);
            using HttpResponseMessage status = await SendAsync(poll, cancellationToken);
            JsonElement polled = await ReadAsync(status, cancellationToken);
            if (status.StatusCode != HttpStatusCode.Accepted)
            {
                return polled;
            }
        }
    }

    private HttpRequestMessage Authorised(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt.Token());
        request.Headers.Add("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpClient http = httpFactory.CreateClient(HttpClientName);
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SnowflakeException($"Snowflake could not be reached at {http.BaseAddress}: {e.Message}", e);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException e)
        {
            throw new SnowflakeException("Snowflake calls are paused after repeated failures (circuit open).", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SnowflakeException("Snowflake did not answer in time.", e);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement body = default;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                body = default;
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        string? Get(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out JsonElement v) ? v.ToString() : null;
        string message = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"Snowflake refused the key-pair JWT ({(int)response.StatusCode}): {Get("message") ?? "unauthorised"}. Check Snowflake:Account, Snowflake:User and the public key registered for that user."
            : $"Snowflake rejected the statement ({(int)response.StatusCode}, code {Get("code") ?? "?"}, SQL state {Get("sqlState") ?? "?"}): {Get("message") ?? text}";
        throw new SnowflakeException(message)
        {
            StatusCode = (int)response.StatusCode,
            Code = Get("code"),
            SqlState = Get("sqlState"),
        };
    }
}
