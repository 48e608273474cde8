using System.Text;
using System.Text.Unicode;
using Feedback.Core.Records;

namespace Feedback.Core.Ingestion;

/// <summary>
/// <see cref="FeedbackText"/>'s rules over spans, for the span path of the transform: the same normal form and
/// the same content key, into the worker's <see cref="RowScratch"/> instead of new strings.
/// </summary>
internal static class SpanFeedbackText
{
    private static readonly bool[] AsciiWhiteSpace = [.. Enumerable.Range(0, 128).Select(c => char.IsWhiteSpace((char)c))];

    private static readonly bool[] AsciiControl = [.. Enumerable.Range(0, 128).Select(c => char.IsControl((char)c))];

    /// <summary>
    /// <see cref="FeedbackText.Normalize"/> for ASCII text: ASCII is its own NFKC form, so only the control
    /// and white-space rules apply. An empty or too-long result is left to the slow path.
    /// </summary>
    internal static bool TryNormalizeAscii(ReadOnlySpan<byte> raw, RowScratch scratch, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (IsPlainNormalized(raw))
        {
            text = raw;
        }
        else
        {
            byte[] buffer = scratch.EnsureNormalized(raw.Length);
            int n = 0;
            bool pendingSpace = false;
            foreach (byte b in raw)
            {
                if (AsciiWhiteSpace[b])
                {
                    pendingSpace = n > 0;
                    continue;
                }

                if (AsciiControl[b])
                {
                    continue;
                }

                if (pendingSpace)
                {
                    buffer[n++] = (byte)' ';
                    pendingSpace = false;
                }

                buffer[n++] = b;
            }

            text = buffer.AsSpan(0, n);
        }

        return text.Length is > 0 and <= FeedbackText.MaxLength;
    }

    /// <summary><see cref="FeedbackText.Normalize"/> over spans, for text beyond ASCII: NFKC, then the control and white-space rules.</summary>
    internal static bool TryNormalizeUnicode(ReadOnlySpan<byte> raw, RowScratch scratch, out ReadOnlySpan<byte> text, out ReadOnlySpan<char> chars)
    {
        text = default;
        chars = default;
        char[] decoded = scratch.EnsureChars(raw.Length);
        if (Utf8.ToUtf16(raw, decoded, out _, out int length, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        ReadOnlySpan<char> source = decoded.AsSpan(0, length);
        if (!source.IsNormalized(NormalizationForm.FormKC))
        {
            // NFKC rarely more than triples a text; a text it grows further is left to the slow path.
            char[] normalized = scratch.EnsureNfkc((length * 3) + 16);
            if (!source.TryNormalize(normalized, out int written, NormalizationForm.FormKC))
            {
                return false;
            }

            source = normalized.AsSpan(0, written);
        }

        char[] clean = scratch.EnsureClean(source.Length);
        int n = 0;
        bool pendingSpace = false;
        foreach (char c in source)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = n > 0;
                continue;
            }

            if (char.IsControl(c) || c is '\u200B' or '\uFEFF')
            {
                continue;
            }

            if (pendingSpace)
            {
                clean[n++] = ' ';
                pendingSpace = false;
            }

            clean[n++] = c;
        }

        if (n is 0 or > FeedbackText.MaxLength)
        {
            return false;
        }

        chars = clean.AsSpan(0, n);
        byte[] utf8 = scratch.EnsureNormalized(n * 3);
        if (Utf8.FromUtf16(chars, utf8, out _, out int bytes, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        text = utf8.AsSpan(0, bytes);
        return true;
    }

    private static bool IsPlainNormalized(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0 || raw[0] == ' ' || raw[^1] == ' ' || raw.ContainsAnyExceptInRange((byte)' ', (byte)'~'))
        {
            return false;
        }

        return raw.IndexOf("  "u8) < 0;
    }

    /// <summary><see cref="FeedbackText.ContentKeyOfNormalized"/> over bytes: SHA-256 of the lower-cased text, U+001F and the label.</summary>
    internal static ReadOnlySpan<byte> ContentKey(ReadOnlySpan<byte> text, ReadOnlySpan<byte> label, RowScratch scratch)
    {
        int length = text.Length + 1 + label.Length;
        Span<byte> material = scratch.EnsureMaterial(length).AsSpan(0, length);
        System.Text.Ascii.ToLower(text, material, out _);
        material[text.Length] = 0x1F;
        label.CopyTo(material[(text.Length + 1)..]);
        return Hash(material, scratch);
    }

    private static ReadOnlySpan<byte> Hash(ReadOnlySpan<byte> material, RowScratch scratch)
    {
        Span<byte> hash = stackalloc byte[32];
        Sha256Native.HashData(material, hash);
        byte[] key = scratch.Key;
        Convert.TryToHexStringLower(hash[..16], key, out _);
        return key;
    }

    /// <summary>The content key of a text beyond ASCII: lower-cased by the invariant culture as chars, then as UTF-8.</summary>
    internal static ReadOnlySpan<byte> ContentKey(ReadOnlySpan<char> text, ReadOnlySpan<byte> label, RowScratch scratch)
    {
        char[] lower = scratch.EnsureNfkc(text.Length);
        text.ToLowerInvariant(lower);
        int length = (text.Length * 3) + 1 + label.Length;
        Span<byte> material = scratch.EnsureMaterial(length).AsSpan(0, length);
        Utf8.FromUtf16(lower.AsSpan(0, text.Length), material, out _, out int written);
        material[written++] = 0x1F;
        label.CopyTo(material[written..]);
        return Hash(material[..(written + label.Length)], scratch);
    }
}
