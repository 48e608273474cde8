namespace Feedback.Core.Ingestion;

/// <summary>The timestamps exports write, checked in UTF-8 without a string; anything else is left to <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, System.Globalization.DateTimeStyles, out DateTimeOffset)"/>.</summary>
internal static class ExportTimestamp
{
    /// <summary>The longest staged form: <c>yyyy-MM-ddTHH:mm:ss.fffffff+HH:mm</c>.</summary>
    internal const int MaxStagedBytes = 33;

    /// <summary>
    /// Checks the strict ISO 8601 form exports use (<c>yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|±HH:mm)</c>; anything else goes to
    /// the slow path's parser) and writes the time as a staged line holds it: the bytes
    /// <see cref="System.Text.Json.Utf8JsonWriter"/> writes for the <see cref="DateTimeOffset"/> the slow path parses
    /// (the same clock time, the fraction's trailing zeros and an all-zero fraction dropped, the offset as
    /// <c>±HH:mm</c> with <c>+00:00</c> for <c>Z</c> and <c>-00:00</c>), copied from the source instead of
    /// formatted, which cost as much again as the check.
    /// </summary>
    /// <param name="s">The source's timestamp.</param>
    /// <param name="staged">At least <see cref="MaxStagedBytes"/> bytes.</param>
    /// <param name="written">The bytes of the staged form.</param>
    internal static bool TryParse(ReadOnlySpan<byte> s, Span<byte> staged, out int written)
    {
        written = 0;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !Digits(s.Slice(0, 4), out int year) || !Digits(s.Slice(5, 2), out int month) || !Digits(s.Slice(8, 2), out int day)
            || !Digits(s.Slice(11, 2), out int hour) || !Digits(s.Slice(14, 2), out int minute) || !Digits(s.Slice(17, 2), out int second))
        {
            return false;
        }

        int pos = 19;
        int significant = 0; // fraction digits up to the last non-zero one
        if (s[pos] == '.')
        {
            int start = ++pos;
            while (pos < s.Length && char.IsAsciiDigit((char)s[pos]))
            {
                if (s[pos++] != '0')
                {
                    significant = pos - start;
                }
            }

            int digits = pos - start;
            if (digits is 0 or > 7)
            {
                return false;
            }
        }

        int offsetMinutes;
        if (pos == s.Length - 1 && s[pos] == 'Z')
        {
            offsetMinutes = 0;
        }
        else if (pos == s.Length - 6 && s[pos] is (byte)'+' or (byte)'-' && s[pos + 3] == ':'
            && Digits(s.Slice(pos + 1, 2), out int offsetHours) && Digits(s.Slice(pos + 4, 2), out int offsetMinute) && offsetMinute < 60)
        {
            offsetMinutes = ((offsetHours * 60) + offsetMinute) * (s[pos] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        if (year is < 1000 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || Math.Abs(offsetMinutes) > 14 * 60)
        {
            return false;
        }

        s[..19].CopyTo(staged);
        int n = 19;
        if (significant > 0)
        {
            staged[n++] = (byte)'.';
            s.Slice(20, significant).CopyTo(staged[n..]);
            n += significant;
        }

        if (offsetMinutes == 0)
        {
            "+00:00"u8.CopyTo(staged[n..]);
        }
        else
        {
            s.Slice(pos, 6).CopyTo(staged[n..]);
        }

        written = n + 6;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (byte b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
