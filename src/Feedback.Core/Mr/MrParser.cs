using System.Diagnostics.CodeAnalysis;

namespace Feedback.Core.Mr;

/// <summary>
/// Parses the MR syntax of viggo-grammar.md exactly: <c>DA "(" SLOT (", " SLOT)* ")"</c>, no other whitespace.
/// Values are kept byte for byte, so formatting a parsed MR gives the input back.
/// </summary>
public static class MrParser
{
    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says where and why.</summary>
    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out MeaningRepresentation? mr,
        [NotNullWhen(false)] out MrParseError? error)
    {
        mr = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new MrParseError(0, MrParseErrorKind.Empty, "the MR is empty");
            return false;
        }

        var s = text.AsSpan();
        var pos = ScanIdentifier(s, 0);
        if (pos == 0)
        {
            error = new MrParseError(0, MrParseErrorKind.ExpectedDialogueAct, $"expected a dialogue act, found '{Describe(s, 0)}'");
            return false;
        }
        if (!ViggoOntology.TryGetAct(s[..pos], out var act))
        {
            error = new MrParseError(0, MrParseErrorKind.UnknownDialogueAct, $"unknown dialogue act '{s[..pos]}'");
            return false;
        }
        if (pos >= s.Length || s[pos] != '(')
        {
            error = new MrParseError(pos, MrParseErrorKind.ExpectedOpenParenthesis, $"expected '(' after '{act.WireName}', found '{Describe(s, pos)}'");
            return false;
        }
        pos++;
        if (pos < s.Length && s[pos] == ')')
        {
            error = new MrParseError(pos, MrParseErrorKind.NoSlots, "an MR needs at least one slot");
            return false;
        }

        var slots = new List<Slot>(8);
        Span<bool> seen = stackalloc bool[ViggoOntology.Attributes.Count];
        while (true)
        {
            var start = pos;
            var end = ScanIdentifier(s, pos);
            if (end == start)
            {
                error = new MrParseError(pos, MrParseErrorKind.ExpectedAttribute, $"expected an attribute name, found '{Describe(s, pos)}'");
                return false;
            }
            if (!ViggoOntology.TryGetAttribute(s[start..end], out var attribute))
            {
                error = new MrParseError(start, MrParseErrorKind.UnknownAttribute, $"unknown attribute '{s[start..end]}'");
                return false;
            }
            if (seen[attribute.CanonicalIndex])
            {
                error = new MrParseError(start, MrParseErrorKind.DuplicateAttribute, $"attribute '{attribute.WireName}' appears twice");
                return false;
            }
            seen[attribute.CanonicalIndex] = true;
            pos = end;
            if (pos >= s.Length || s[pos] != '[')
            {
                error = new MrParseError(pos, MrParseErrorKind.ExpectedOpenBracket, $"expected '[' after '{attribute.WireName}', found '{Describe(s, pos)}'");
                return false;
            }
            var valueStart = ++pos;
            var close = -1;
            for (; pos < s.Length; pos++)
            {
                if (s[pos] == ']') { close = pos; break; }
                if (s[pos] == '[')
                {
                    error = new MrParseError(pos, MrParseErrorKind.BracketInValue, $"'[' inside the value of '{attribute.WireName}'");
                    return false;
                }
            }
            if (close < 0)
            {
                error = new MrParseError(valueStart - 1, MrParseErrorKind.UnterminatedValue, $"the value of '{attribute.WireName}' has no closing ']'");
                return false;
            }
            slots.Add(new Slot(attribute.Attribute, text.Substring(valueStart, close - valueStart)));
            pos = close + 1;

            if (pos < s.Length && s[pos] == ')')
            {
                pos++;
                if (pos != s.Length)
                {
                    error = new MrParseError(pos, MrParseErrorKind.TrailingCharacters, $"unexpected text after the closing ')': '{Describe(s, pos)}'");
                    return false;
                }
                break;
            }
            if (s[pos..].StartsWith(ViggoOntology.Separator, StringComparison.Ordinal))
            {
                pos += ViggoOntology.Separator.Length;
                continue;
            }
            error = new MrParseError(pos, MrParseErrorKind.ExpectedSeparatorOrClose, $"expected ', ' or ')' after a slot, found '{Describe(s, pos)}'");
            return false;
        }

        mr = new MeaningRepresentation(act.Act, slots);
        error = null;
        return true;
    }

    private static int ScanIdentifier(ReadOnlySpan<char> s, int pos)
    {
        while (pos < s.Length && (s[pos] is (>= 'a' and <= 'z') or '_')) pos++;
        return pos;
    }

    private static string Describe(ReadOnlySpan<char> s, int pos)
    {
        if (pos >= s.Length) return "end of text";
        var length = Math.Min(12, s.Length - pos);
        return s.Slice(pos, length).ToString();
    }
}
