using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Feedback.Integrations.Snowflake;

/// <summary>
/// Runs statements through Snowflake's SQL API v2 (<c>POST /api/v2/statements</c>) as its documentation
/// asks (docs/real-services.md): a key-pair JWT, a <c>User-Agent</c> naming this application, bind
/// variables, and <c>async=true</c> so the submission answers at once with a statement handle instead of
/// holding the request up to 45 s (longer than an attempt may last). The status URL is then polled until
/// the statement finishes (200) or fails (422), within the statement's own timeout. A submission whose answer
/// is lost (connection error, timeout, 429, 5xx) is sent again with the same <c>requestId</c> and
/// <c>retry=true</c>, so Snowflake does not run it twice. Errors become <see cref="SnowflakeException"/> with
/// Snowflake's code, SQL state and message.
/// </summary>
/// <param name="httpFactory">Creates the named <c>snowflake</c> HTTP client (standard resilience).</param>
/// <param name="jwt">The token source.</param>
/// <param name="options">The options.</param>
/// <param name="time">The clock used for polling.</param>
public sealed class SnowflakeSqlClient(IHttpClientFactory httpFactory, SnowflakeJwt jwt, IOptions<SnowflakeOptions> options, TimeProvider time)
{
    /// <summary>The name of the HTTP client.</summary>
    public const string HttpClientName = "snowflake";

    /// <summary>The <c>User-Agent</c> sent with every request (<c>applicationName/applicationVersion</c>, which the SQL API requires).</summary>
    public static readonly string UserAgent = $"feedback-loop/{typeof(SnowflakeSqlClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"}";

    /// <summary>Submissions of one statement at most (the first, then resubmissions with <c>retry=true</c>).</summary>
    public const int SubmitAttempts = 4;

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
        (HttpStatusCode status, JsonElement result) = await SubmitAsync(body, requestId, cancellationToken);
        if (status != HttpStatusCode.Accepted)
        {
            return result;
        }

        string handle = result.GetProperty("statementHandle").GetString()!;
        string statusUrl = result.TryGetProperty("statementStatusUrl", out JsonElement url) && url.GetString() is { } u
            ? u.TrimStart('/')
            : $"api/v2/statements/{handle}";
        // Snowflake ends the statement at its timeout; the margin covers the last poll's round trip.
        DateTimeOffset deadline = time.GetUtcNow().AddSeconds(o.StatementTimeoutSeconds + 30);
        while (true)
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new SnowflakeException($"Snowflake statement {handle} did not finish within {o.StatementTimeoutSeconds} s.");
            }

            await Task.Delay(o.PollInterval, time, cancellationToken);
            using HttpRequestMessage poll = Authorised(HttpMethod.Get, statusUrl);
            using HttpResponseMessage polled = await SendAsync(poll, cancellationToken);
            JsonElement answer = await ReadAsync(polled, cancellationToken);
            if (polled.StatusCode != HttpStatusCode.Accepted)
            {
                return answer;
            }
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Result)> SubmitAsync(StatementRequest body, Guid requestId, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            string retry = attempt == 1 ? string.Empty : "&retry=true";
            using HttpRequestMessage request = Authorised(HttpMethod.Post, $"api/v2/statements?requestId={requestId}&async=true{retry}");
            request.Content = JsonContent.Create(body);
            try
            {
                using HttpResponseMessage response = await SendAsync(request, cancellationToken);
                if (attempt < SubmitAttempts && (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500))
                {
                    await Task.Delay(RetryDelay(attempt), time, cancellationToken);
                    continue;
                }

                return (response.StatusCode, await ReadAsync(response, cancellationToken));
            }
            catch (SnowflakeException e) when (e.StatusCode is null && attempt < SubmitAttempts && !cancellationToken.IsCancellationRequested)
            {
                // The answer was lost, not refused: the statement may have started. The same request id with
                // retry=true lets Snowflake answer for it instead of running it again.
                await Task.Delay(RetryDelay(attempt), time, cancellationToken);
            }
        }
    }

    private static TimeSpan RetryDelay(int attempt) => TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1));

    private HttpRequestMessage Authorised(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt.Token());
        request.Headers.Add("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.ParseAdd(UserAgent);
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
