using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Feedback.Integrations.Snowflake;

/// <summary>
/// Key-pair JWTs for Snowflake: RS256, issuer <c>ACCOUNT.USER.SHA256:&lt;fingerprint&gt;</c> (the
/// base64 SHA-256 of the public key's DER SubjectPublicKeyInfo), subject <c>ACCOUNT.USER</c>, expiring
/// within the hour.
/// </summary>
public sealed class SnowflakeJwt : IDisposable
{
    private readonly RSA _key;
    private readonly string _account;
    private readonly string _user;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (string Token, DateTimeOffset RenewAt)? _cached;

    /// <summary>Creates the token source.</summary>
    /// <param name="privateKeyPem">The PEM private key (a secret).</param>
    /// <param name="account">The account identifier.</param>
    /// <param name="user">The user.</param>
    /// <param name="time">The clock.</param>
    public SnowflakeJwt(string privateKeyPem, string account, string user, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        _key = RSA.Create();
        try
        {
            _key.ImportFromPem(privateKeyPem);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException("The Snowflake private key is not a PEM RSA key.", e);
        }

        _account = NormaliseAccount(account);
        _user = user.ToUpperInvariant();
        _time = time;
        Fingerprint = PublicKeyFingerprint(_key);
    }

    /// <summary>The public key fingerprint, <c>SHA256:...</c>, as Snowflake shows it in <c>RSA_PUBLIC_KEY_FP</c>.</summary>
    public string Fingerprint { get; }

    /// <summary>The issuer claim.</summary>
    public string Issuer => $"{_account}.{_user}.{Fingerprint}";

    /// <summary>The subject claim.</summary>
    public string Subject => $"{_account}.{_user}";

    /// <summary>The fingerprint of a public key: <c>SHA256:</c> and the base64 SHA-256 of its DER SubjectPublicKeyInfo.</summary>
    /// <param name="key">The key.</param>
    public static string PublicKeyFingerprint(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "SHA256:" + Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The account as the JWT names it: upper case, without a region or cloud suffix.</summary>
    /// <param name="account">The account identifier.</param>
    public static string NormaliseAccount(string account)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        int dot = account.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? account : account[..dot]).ToUpperInvariant();
    }

    /// <summary>A valid token: a cached one until five minutes before it expires, then a new one.</summary>
    public string Token()
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_cached is { } c && now < c.RenewAt)
            {
                return c.Token;
            }

            DateTimeOffset expires = now.AddMinutes(59);
            string token = Create(now, expires);
            _cached = (token, expires.AddMinutes(-5));
            return token;
        }
    }

    private string Create(DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        string header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        string payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = Issuer,
            sub = Subject,
            iat = issuedAt.ToUnixTimeSeconds(),
            exp = expires.ToUnixTimeSeconds(),
        }));
        string signingInput = $"{header}.{payload}";
        byte[] signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
