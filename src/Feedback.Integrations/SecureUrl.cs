namespace Feedback.Integrations;

/// <summary>
/// The rule for URLs a secret is sent to (a bearer token, a signed JWT, a webhook's secret path):
/// absolute https, or plain http only to this machine (the local emulators and fakes).
/// </summary>
public static class SecureUrl
{
    /// <summary>Why <paramref name="url"/> may not carry a secret, or null when it may.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="setting">The setting's name, for the message.</param>
    public static string? Problem(string? url, string setting)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            return $"{setting} must be an absolute https URL, not '{url}'.";
        }

        return parsed.Scheme == Uri.UriSchemeHttp && !parsed.IsLoopback
            ? $"{setting} must use https (plain http only to this machine): '{parsed.Host}' would receive a secret in clear text."
            : null;
    }
}
