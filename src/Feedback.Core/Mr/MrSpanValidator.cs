using System.Numerics;
using System.Runtime.CompilerServices;

namespace Feedback.Core.Mr;

/// <summary>
/// Whether a text is a valid, canonical MR, without allocating: the verdict of <see cref="MrCheck"/> (the
/// parser of <see cref="MrParser"/>, then every rule of <see cref="MrValidator"/>) but not its reasons. The
/// ingestion hot path calls it on every label; a label it refuses goes through <see cref="MrCheck"/> for the
/// reason. The two must agree on every input: <c>MrSpanValidatorTests</c> checks them against each other.
/// </summary>
public static class MrSpanValidator
{
    private static readonly DialogueActDefinition[] ActDefinitions = [.. ViggoOntology.Acts];

    private static readonly AttributeDefinition[] AttributeDefinitions = [.. ViggoOntology.Attributes];

    private static readonly int[] AllowedMasks = [.. ViggoOntology.Acts.Select(a => Mask(a.Allowed))];

    private static readonly int[] RequiredMasks = [.. ViggoOntology.Acts.Select(a => Mask(a.Required))];

    private static readonly WordIndex ActNames = new([.. ViggoOntology.Acts.Select(a => a.WireName)]);

    private static readonly WordIndex AttributeNames = new([.. ViggoOntology.Attributes.Select(a => a.WireName)]);

    private static readonly WordIndex[] ValuesOf = [.. ViggoOntology.Attributes.Select(a => new WordIndex(a.Values))];

    private static readonly WordIndex Months = new(ViggoOntology.Months);

    /// <summary>Each list item's place in its list's canonical order: platforms by their fixed rank, other lists alphabetically ignoring case.</summary>
    private static readonly int[][] CanonicalRanks = [.. ViggoOntology.Attributes.Select(a => a.Attribute == SlotName.Platforms
        ? Enumerable.Range(0, a.Values.Count).ToArray()
        : a.Values.Select(v => a.Values.Count(o => string.Compare(o, v, StringComparison.OrdinalIgnoreCase) < 0)).ToArray())];

    /// <summary>Whether <paramref name="text"/> is a valid, canonical MR; its act when it is.</summary>
    /// <param name="text">The text.</param>
    /// <param name="act">The dialogue act, when valid.</param>
    public static bool IsValid(ReadOnlySpan<char> text, out DialogueAct act) => IsValid<char>(text, out act);

    /// <summary>
    /// Whether the UTF-8 <paramref name="text"/> is a valid, canonical MR, read without decoding it: the answer of the
    /// UTF-16 overload for any ASCII text. Any byte outside ASCII answers false; decode such a text and ask the
    /// UTF-16 overload (a valid MR may hold non-ASCII names).
    /// </summary>
    /// <param name="text">The text as UTF-8.</param>
    /// <param name="act">The dialogue act, when valid.</param>
    public static bool IsValidAscii(ReadOnlySpan<byte> text, out DialogueAct act) => IsValid<byte>(text, out act);

    // One body for both widths: the JIT compiles it once per width, with every character constant folded. For bytes
    // it only ever sees ASCII (the first check refuses the rest), where a byte and its char are the same number.
    private static bool IsValid<T>(ReadOnlySpan<T> text, out DialogueAct act)
        where T : unmanaged, IBinaryInteger<T>
    {
        act = default;

        // A control character makes any text invalid wherever it is: in a value by the value rule, elsewhere because
        // no name, separator or bracket holds one. One search of the whole text replaces one per value.
        if (ContainsControlOrNonAscii(text))
        {
            return false;
        }

        // The act's name is what comes before the first '(': all of it must be the name (no act name holds '(').
        // An empty or blank text has no act name, so it fails the act's lookup.
        int pos = text.IndexOf(C<T>('('));
        int actIndex = pos < 0 ? -1 : ActNames.IndexOf(text[..pos]);
        if (actIndex < 0)
        {
            return false;
        }

        DialogueActDefinition definition = ActDefinitions[actIndex];
        pos++;
        if (pos < text.Length && text[pos] == C<T>(')'))
        {
            return false;
        }

        // Each slot is checked as it is read: the verdict is all rules holding, so their order does not change it.
        bool requestAttribute = definition.Act == DialogueAct.RequestAttribute;
        int count = 0;
        int seen = 0;
        int previous = -1;
        while (true)
        {
            // Likewise the attribute's name is all that comes before the next '['.
            int end = text[pos..].IndexOf(C<T>('['));
            int attributeIndex = end < 0 ? -1 : AttributeNames.IndexOf(text.Slice(pos, end));
            if (attributeIndex < 0)
            {
                return false;
            }

            end += pos;

            // Slots come in the ontology's order, each attribute at most once: their indexes rise.
            AttributeDefinition attribute = AttributeDefinitions[attributeIndex];
            int index = attribute.CanonicalIndex;
            if (index <= previous || ++count > definition.MaxSlots)
            {
                return false;
            }

            previous = index;
            seen |= 1 << index;
            int valueStart = end + 1;
            int close = text[valueStart..].IndexOfAny(C<T>('['), C<T>(']'));
            if (close < 0 || text[valueStart + close] == C<T>('['))
            {
                return false;
            }

            ReadOnlySpan<T> value = text.Slice(valueStart, close);
            if (requestAttribute ? !value.IsEmpty : !IsValidValue(attribute, value))
            {
                return false;
            }

            pos = valueStart + close + 1;
            if (pos < text.Length && text[pos] == C<T>(')'))
            {
                if (pos + 1 != text.Length)
                {
                    return false;
                }

                break;
            }

            if (!IsSeparatorAt(text, pos))
            {
                return false;
            }

            pos += ViggoOntology.Separator.Length;
        }

        int required = RequiredMasks[actIndex];
        if (count < definition.MinSlots || (seen & required) != required || (seen & ~AllowedMasks[actIndex]) != 0)
        {
            return false;
        }

        act = definition.Act;
        return true;
    }

    private static bool IsValidValue<T>(AttributeDefinition definition, ReadOnlySpan<T> value)
        where T : unmanaged, IBinaryInteger<T>
    {
        // Control characters are refused for the whole text before.
        if (value.Length == 0 || IsWhiteSpace(value[0]) || IsWhiteSpace(value[^1]))
        {
            return false;
        }

        return definition.Kind switch
        {
            AttributeKind.Closed or AttributeKind.Boolean => ValuesOf[definition.CanonicalIndex].IndexOf(value) >= 0,
            AttributeKind.Year => IsYear(value),
            AttributeKind.Date => IsYear(value) || IsMonthDayYear(value),
            AttributeKind.List => IsCanonicalList(definition, value),
            _ => true,
        };
    }

    private static bool IsCanonicalList<T>(AttributeDefinition definition, ReadOnlySpan<T> value)
        where T : unmanaged, IBinaryInteger<T>
    {
        WordIndex values = ValuesOf[definition.CanonicalIndex];
        long seen = 0;
        int items = 0;
        int previous = -1;
        ReadOnlySpan<T> rest = value;
        while (true)
        {
            int separator = IndexOfSeparator(rest);
            ReadOnlySpan<T> item = separator < 0 ? rest : rest[..separator];
            int index = values.IndexOf(item);
            if (index < 0 || (seen & (1L << index)) != 0)
            {
                return false;
            }

            seen |= 1L << index;
            items++;

            // The items are distinct, so a list is canonical exactly when their ranks rise.
            int rank = CanonicalRanks[definition.CanonicalIndex][index];
            if (rank < previous)
            {
                return false;
            }

            previous = rank;
            if (separator < 0)
            {
                return items <= definition.MaxItems;
            }

            rest = rest[(separator + ViggoOntology.Separator.Length)..];
        }
    }

    private static bool IsYear<T>(ReadOnlySpan<T> value)
        where T : unmanaged, IBinaryInteger<T> =>
        value.Length == 4 && !value.ContainsAnyExceptInRange(C<T>('0'), C<T>('9'));

    private static bool IsMonthDayYear<T>(ReadOnlySpan<T> value)
        where T : unmanaged, IBinaryInteger<T>
    {
        int space = value.IndexOf(C<T>(' '));
        if (space <= 0 || Months.IndexOf(value[..space]) < 0)
        {
            return false;
        }

        ReadOnlySpan<T> rest = value[(space + 1)..];
        int comma = IndexOfSeparator(rest);
        if (comma is < 1 or > 2)
        {
            return false;
        }

        ReadOnlySpan<T> day = rest[..comma];
        if (day.ContainsAnyExceptInRange(C<T>('0'), C<T>('9')) || day[0] == C<T>('0'))
        {
            return false;
        }

        int dayNumber = day.Length == 1 ? Digit(day[0]) : (Digit(day[0]) * 10) + Digit(day[1]);
        return dayNumber is >= 1 and <= 31 && IsYear(rest[(comma + 2)..]);
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds a character <see cref="char.IsControl(char)"/> is true of (U+0000 to
    /// U+001F or U+007F to U+009F) or, as UTF-8, any byte outside ASCII.
    /// </summary>
    private static bool ContainsControlOrNonAscii<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T> =>
        typeof(T) == typeof(byte)
            ? text.ContainsAnyExceptInRange(C<T>(' '), C<T>('~'))
            : text.ContainsAnyInRange(C<T>('\u0000'), C<T>('\u001F')) || text.ContainsAnyInRange(C<T>('\u007F'), C<T>('\u009F'));

    private static bool IsSeparatorAt<T>(ReadOnlySpan<T> text, int pos)
        where T : unmanaged, IBinaryInteger<T> =>
        pos + 1 < text.Length && text[pos] == C<T>(ViggoOntology.Separator[0]) && text[pos + 1] == C<T>(ViggoOntology.Separator[1]);

    // The first ", ": a search for the comma (one value, cheaper than a search for two), then a look at what follows it.
    private static int IndexOfSeparator<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        int from = 0;
        while (true)
        {
            int comma = text[from..].IndexOf(C<T>(ViggoOntology.Separator[0]));
            if (comma < 0)
            {
                return -1;
            }

            comma += from;
            if (IsSeparatorAt(text, comma))
            {
                return comma;
            }

            from = comma + 1;
        }
    }

    // Only ASCII reaches the byte width, so a byte is white space exactly when its char is.
    private static bool IsWhiteSpace<T>(T c)
        where T : unmanaged, IBinaryInteger<T> =>
        char.IsWhiteSpace((char)ushort.CreateTruncating(c));

    private static int Digit<T>(T c)
        where T : unmanaged, IBinaryInteger<T> =>
        int.CreateTruncating(c) - '0';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T C<T>(char c)
        where T : unmanaged, IBinaryInteger<T> =>
        T.CreateTruncating(c);

    private static int Mask(IEnumerable<SlotName> attributes) => attributes.Aggregate(0, (mask, a) => mask | (1 << (int)a));
}
