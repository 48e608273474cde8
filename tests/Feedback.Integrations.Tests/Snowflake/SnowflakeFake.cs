using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Feedback.Integrations.Tests.Snowflake;

/// <summary>A statement the fake accepted.</summary>
/// <param name="Statement">The SQL.</param>
/// <param name="Bindings">The bindings, by position ("1", "2", ...): type and value.</param>
/// <param name="Database">The database named in the request.</param>
/// <param name="Schema">The schema named in the request.</param>
/// <param name="RequestId">The request id query parameter.</param>
public sealed record ReceivedStatement(string Statement, IReadOnlyDictionary<string, (string Type, string? Value)> Bindings, string Database, string Schema, string RequestId);

/// <summary>
/// A local stand-in for Snowflake's SQL API v2 (docs.snowflake.com/en/developer-guide/sql-api): it verifies the
/// key-pair JWT (RS256 signature with the registered public key, issuer with the key's fingerprint, subject,
/// expiry within an hour), the required <c>User-Agent</c> (<c>name/version</c>), and the request shape (a UUID
/// <c>requestId</c>, a statement, one binding per placeholder, each with a type and a text value); records what it
/// ran; answers <c>async=true</c> submissions with 202 and a handle, finished on the status URL (200, or 422 for a
/// failed statement); remembers request ids, so a resubmission with <c>retry=true</c> answers for the statement
/// already run while one without it runs the statement again (counted in <see cref="DuplicateExecutions"/>); and can
/// drop the answer of a submission it has run.
/// </summary>
public sealed class SnowflakeFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _publicKey;
    private readonly string _account;
    private readonly string _user;
    private readonly ConcurrentDictionary<string, int> _pending = new();
    private readonly ConcurrentDictionary<string, string> _handles = new();
    private readonly ConcurrentDictionary<string, string> _failed = new();
    private int _dropNext;
    private int _duplicates;
    private int _resubmissions;

    private SnowflakeFake(WebApplication app, RSA publicKey, string account, string user)
    {
        _app = app;
        _publicKey = publicKey;
        _account = account;
        _user = user;
    }

    /// <summary>The statements run, in order.</summary>
    public ConcurrentQueue<ReceivedStatement> Statements { get; } = new();

    private int _verifiedTokens;
    private int _polls;

    /// <summary>Tokens that passed verification.</summary>
    public int VerifiedTokens => _verifiedTokens;

    /// <summary>Requests refused for their token, with the reason.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>Statements containing this text answer 202 and finish on the second poll.</summary>
    public string? AsyncWhen { get; set; }

    /// <summary>Statements containing this text fail with a 422 SQL error.</summary>
    public string? FailWhen { get; set; }

    /// <summary>How many status polls were answered.</summary>
    public int Polls => _polls;

    /// <summary>Submissions whose request id had run before and that did not say <c>retry=true</c>: the statement ran twice.</summary>
    public int DuplicateExecutions => _duplicates;

    /// <summary>Submissions with <c>retry=true</c> of a request id that had run: answered without running it again.</summary>
    public int Resubmissions => _resubmissions;

    /// <summary>Submissions without <c>async=true</c> (the server may then hold the request up to 45 s).</summary>
    public int SynchronousSubmissions { get; private set; }

    /// <summary>User-Agent values seen.</summary>
    public ConcurrentQueue<string> UserAgents { get; } = new();

    /// <summary>Runs the next <paramref name="count"/> submissions and then drops the connection without answering.</summary>
    public void DropNextAnswers(int count) => Interlocked.Exchange(ref _dropNext, count);

    /// <summary>The account URL.</summary>
    public Uri Url => new(_app.Urls.First());

    /// <summary>Starts the fake for an account and user with the given registered public key.</summary>
    /// <param name="publicKey">The public key registered for the user.</param>
    /// <param name="account">The account (upper case, no region).</param>
    /// <param name="user">The user (upper case).</param>
    public static async Task<SnowflakeFake> StartAsync(RSA publicKey, string account, string user)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var fake = new SnowflakeFake(app, publicKey, account, user);
        app.MapPost("/api/v2/statements", (Delegate)fake.SubmitAsync);
        app.MapGet("/api/v2/statements/{handle}", (Delegate)fake.Poll);
        await app.StartAsync();
        return fake;
    }

    private async Task<IResult> SubmitAsync(HttpContext context)
    {
        if (Refuse(context.Request) is { } refusal)
        {
            return refusal;
        }

        if (!context.Request.Query.TryGetValue("requestId", out var requestId) || !Guid.TryParse(requestId, out _))
        {
            return Error(400, "391903", "08P01", "requestId must be a UUID.");
        }

        bool retry = context.Request.Query["retry"] == "true";
        bool isAsync = context.Request.Query["async"] == "true";
        if (!isAsync)
        {
            SynchronousSubmissions++;
        }

        if (_handles.TryGetValue(requestId!, out string? earlier))
        {
            if (retry)
            {
                Interlocked.Increment(ref _resubmissions);
                return _failed.ContainsKey(earlier) && !isAsync ? Failed() : Accepted(earlier);
            }

            Interlocked.Increment(ref _duplicates);
        }

        using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body);
        JsonElement root = body.RootElement;
        if (!root.TryGetProperty("statement", out JsonElement statementElement) || statementElement.GetString() is not { Length: > 0 } statement)
        {
            return Error(400, "391900", "08P01", "statement is required.");
        }

        var bindings = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        if (root.TryGetProperty("bindings", out JsonElement b))
        {
            foreach (JsonProperty binding in b.EnumerateObject())
            {
                if (!binding.Value.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String ||
                    !binding.Value.TryGetProperty("value", out JsonElement value) || value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return Error(400, "391905", "08P01", $"binding {binding.Name} needs a string type and a string value.");
                }

                bindings[binding.Name] = (type.GetString()!, value.GetString());
            }
        }

        int placeholders = statement.Count(c => c == '?');
        if (placeholders != bindings.Count || !Enumerable.Range(1, placeholders).All(i => bindings.ContainsKey(i.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            return Error(400, "391906", "07002", $"the statement has {placeholders} placeholders and {bindings.Count} bindings.");
        }

        Statements.Enqueue(new ReceivedStatement(statement, bindings, root.GetProperty("database").GetString()!, root.GetProperty("schema").GetString()!, requestId!));
        string handle = Guid.NewGuid().ToString();
        _handles[requestId!] = handle;
        bool fails = FailWhen is not null && statement.Contains(FailWhen, StringComparison.Ordinal);
        if (fails)
        {
            _failed[handle] = statement;
        }

        if (Interlocked.Decrement(ref _dropNext) >= 0)
        {
            // Run, then lose the answer: the client cannot know whether the statement ran.
            context.Abort();
            return Results.Empty;
        }

        if (!isAsync && fails)
        {
            return Failed();
        }

        // An async submission always answers 202; a synchronous one only for a long statement.
        _pending[handle] = AsyncWhen is not null && statement.Contains(AsyncWhen, StringComparison.Ordinal) ? 0 : 1;
        return isAsync || _pending[handle] == 0 ? Accepted(handle) : Done(handle);
    }

    private static IResult Accepted(string handle) =>
        Results.Json(new { code = "333334", message = "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.", statementHandle = handle, statementStatusUrl = $"/api/v2/statements/{handle}" }, statusCode: 202);

    private static IResult Failed() =>
        Error(422, "002003", "42S02", "SQL compilation error: Object 'SOURCE_RECORD_COUNTS' does not exist or not authorized.");

    private IResult Poll(HttpContext context, string handle)
    {
        if (Refuse(context.Request) is { } refusal)
        {
            return refusal;
        }

        Interlocked.Increment(ref _polls);
        if (_failed.ContainsKey(handle))
        {
            return Failed();
        }

        if (!_pending.TryGetValue(handle, out int polls))
        {
            return _handles.Values.Contains(handle) ? Done(handle) : Error(404, "333333", "02000", "Unknown statement handle.");
        }

        if (polls == 0)
        {
            _pending[handle] = 1;
            return Accepted(handle);
        }

        return Done(handle);
    }

    private IResult? Refuse(HttpRequest request)
    {
        string? reason = Verify(request);
        if (reason is null)
        {
            Interlocked.Increment(ref _verifiedTokens);
            return null;
        }

        Refusals.Enqueue(reason);
        return Error(401, "390144", "08001", "JWT token is invalid.");
    }

    private string? Verify(HttpRequest request)
    {
        string userAgent = request.Headers.UserAgent.ToString();
        UserAgents.Enqueue(userAgent);
        if (!System.Text.RegularExpressions.Regex.IsMatch(userAgent, @"^[A-Za-z0-9._-]+/[0-9A-Za-z.+-]+"))
        {
            return "no User-Agent naming the application and its version";
        }

        if (request.Headers["X-Snowflake-Authorization-Token-Type"] != "KEYPAIR_JWT")
        {
            return "token type header";
        }

        string? authorization = request.Headers.Authorization;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "no bearer token";
        }

        string[] parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return "not a JWT";
        }

        using JsonDocument header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            return "alg";
        }

        if (!_publicKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "signature";
        }

        using JsonDocument payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        JsonElement claims = payload.RootElement;
        string fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(_publicKey.ExportSubjectPublicKeyInfo()));
        if (claims.GetProperty("iss").GetString() != $"{_account}.{_user}.{fingerprint}")
        {
            return "issuer";
        }

        if (claims.GetProperty("sub").GetString() != $"{_account}.{_user}")
        {
            return "subject";
        }

        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long iat = claims.GetProperty("iat").GetInt64();
        long exp = claims.GetProperty("exp").GetInt64();
        return exp <= now ? "expired" : exp - iat > 3600 ? "lifetime over an hour" : iat > now + 60 ? "issued in the future" : null;
    }

    private static IResult Done(string handle) =>
        Results.Json(new { code = "090001", message = "Statement executed successfully.", statementHandle = handle, resultSetMetaData = new { numRows = 1 }, data = new[] { new[] { "1" } } });

    private static IResult Error(int status, string code, string sqlState, string message) =>
        Results.Json(new { code, sqlState, message, statementHandle = Guid.NewGuid().ToString() }, statusCode: status);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
