using System.Security.Cryptography;
using System.Text;

namespace Feedback.Core.Records;

/// <summary>Text rules shared by ingestion, training and serving.</summary>
public static class FeedbackText
{
    /// <summary>The longest feedback text accepted, in UTF-16 characters: 4000.</summary>
    public const int MaxLength = 4000;

    /// <summary>
    /// Normalises feedback text: Unicode NFKC, control characters removed, runs of whitespace collapsed to one
    /// space, trimmed. Case, punctuation and emoji are kept: they are part of how players write.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsPlainNormalizedAscii(text)) return text;
        var nfkc = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(nfkc.Length);
        var pendingSpace = false;
        foreach (var c in nfkc)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (char.IsControl(c) || c is '\u200B' or '\uFEFF') continue;
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A stable 32-hex-digit key from the normalised, lower-cased text and the label.</summary>
    public static string ContentKey(string text, string? label)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ContentKeyOfNormalized(Normalize(text), label);
    }

    /// <summary>The content key of a text already normalised by <see cref="Normalize"/> (skips normalising again).</summary>
    public static string ContentKeyOfNormalized(string normalizedText, string? label)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var material = $"{normalizedText.ToLowerInvariant()}\u001F{label ?? string.Empty}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(material), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>
    /// The fast path of <see cref="Normalize"/>: printable ASCII is already NFKC, so a text of printable
    /// ASCII with single inner spaces and no outer ones is its own normal form.
    /// </summary>
    private static bool IsPlainNormalizedAscii(string text)
    {
        if (text.Length == 0 || text[0] == ' ' || text[^1] == ' ') return false;
        var previousSpace = false;
        foreach (var c in text)
        {
            if (c is < ' ' or > '~') return false;
            if (c == ' ')
            {
                if (previousSpace) return false;
                previousSpace = true;
            }
            else
            {
                previousSpace = false;
            }
        }
        return true;
    }
}
