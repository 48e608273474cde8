namespace Feedback.Core.Mr;

/// <summary>
/// Whether a text is a valid, canonical MR, without allocating: the verdict of <see cref="MrCheck"/> (the
/// parser of <see cref="MrParser"/>, then every rule of <see cref="MrValidator"/>) but not its reasons. The
/// ingestion hot path calls it on every label; a label it refuses goes through <see cref="MrCheck"/> for the
/// reason. The two must agree on every input: <c>MrSpanValidatorTests</c> checks them against each other.
/// </summary>
public static class MrSpanValidator
{
    private const int MaxSlots = 16;

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
    public static bool IsValid(ReadOnlySpan<char> text, out DialogueAct act)
    {
        act = default;

        // A control character makes any text invalid wherever it is: in a value by the value rule, elsewhere because
        // no name, separator or bracket holds one. One search of the whole text replaces one per value.
        if (ContainsControl(text))
        {
            return false;
        }

        // The act's name is what comes before the first '(': all of it must be the name (no act name holds '(').
        // An empty or blank text has no act name, so it fails the act's lookup.
        int pos = text.IndexOf('(');
        int actIndex = pos < 0 ? -1 : ActNames.IndexOf(text[..pos]);
        if (actIndex < 0)
        {
            return false;
        }

        DialogueActDefinition definition = ActDefinitions[actIndex];
        pos++;
        if (pos < text.Length && text[pos] == ')')
        {
            return false;
        }

        Span<(SlotName Attribute, int Start, int Length)> slots = stackalloc (SlotName, int, int)[MaxSlots];
        int count = 0;
        int seen = 0;
        while (true)
        {
            // Likewise the attribute's name is all that comes before the next '['.
            int end = text[pos..].IndexOf('[');
            int attributeIndex = end < 0 ? -1 : AttributeNames.IndexOf(text.Slice(pos, end));
            if (attributeIndex < 0)
            {
                return false;
            }

            end += pos;

            AttributeDefinition attribute = AttributeDefinitions[attributeIndex];

            int bit = 1 << attribute.CanonicalIndex;
            if ((seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            int valueStart = end + 1;
            int close = text[valueStart..].IndexOfAny('[', ']');
            if (close < 0 || text[valueStart + close] == '[')
            {
                return false;
            }

            close += valueStart;

            // Every attribute at most once, so a parse never has more slots than the ontology has attributes.
            slots[count++] = (attribute.Attribute, valueStart, close - valueStart);
            pos = close + 1;
            if (pos < text.Length && text[pos] == ')')
            {
                if (pos + 1 != text.Length)
                {
                    return false;
                }

                break;
            }

            if (!text[pos..].StartsWith(ViggoOntology.Separator.AsSpan()))
            {
                return false;
            }

            pos += ViggoOntology.Separator.Length;
        }

        if (!Follows(definition, slots[..count], text, seen))
        {
            return false;
        }

        act = definition.Act;
        return true;
    }

    private static bool Follows(DialogueActDefinition act, ReadOnlySpan<(SlotName Attribute, int Start, int Length)> slots, ReadOnlySpan<char> text, int seen)
    {
        int index = (int)act.Act;
        if (slots.Length < act.MinSlots || slots.Length > act.MaxSlots)
        {
            return false;
        }

        if ((seen & RequiredMasks[index]) != RequiredMasks[index] || (seen & ~AllowedMasks[index]) != 0)
        {
            return false;
        }

        int previous = -1;
        foreach ((SlotName attribute, int start, int length) in slots)
        {
            if ((int)attribute < previous)
            {
                return false;
            }

            previous = (int)attribute;
            ReadOnlySpan<char> value = text.Slice(start, length);
            if (act.Act == DialogueAct.RequestAttribute ? value.Length != 0 : !IsValidValue(ViggoOntology.Get(attribute), value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidValue(AttributeDefinition definition, ReadOnlySpan<char> value)
    {
        // Control characters are refused for the whole text before.
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
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

    private static bool IsCanonicalList(AttributeDefinition definition, ReadOnlySpan<char> value)
    {
        WordIndex values = ValuesOf[definition.CanonicalIndex];
        long seen = 0;
        int items = 0;
        int previous = -1;
        ReadOnlySpan<char> rest = value;
        while (true)
        {
            int separator = rest.IndexOf(ViggoOntology.Separator.AsSpan());
            ReadOnlySpan<char> item = separator < 0 ? rest : rest[..separator];
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

    private static bool IsYear(ReadOnlySpan<char> value) => value.Length == 4 && !value.ContainsAnyExceptInRange('0', '9');

    private static bool IsMonthDayYear(ReadOnlySpan<char> value)
    {
        int space = value.IndexOf(' ');
        if (space <= 0 || Months.IndexOf(value[..space]) < 0)
        {
            return false;
        }

        ReadOnlySpan<char> rest = value[(space + 1)..];
        int comma = rest.IndexOf(ViggoOntology.Separator.AsSpan());
        if (comma is < 1 or > 2)
        {
            return false;
        }

        ReadOnlySpan<char> day = rest[..comma];
        if (day.ContainsAnyExceptInRange('0', '9') || day[0] == '0')
        {
            return false;
        }

        int dayNumber = day.Length == 1 ? day[0] - '0' : ((day[0] - '0') * 10) + (day[1] - '0');
        return dayNumber is >= 1 and <= 31 && IsYear(rest[(comma + 2)..]);
    }

    /// <summary>Whether <paramref name="text"/> holds a character <see cref="char.IsControl(char)"/> is true of: U+0000 to U+001F or U+007F to U+009F.</summary>
    private static bool ContainsControl(ReadOnlySpan<char> text) => text.ContainsAnyInRange('\u0000', '\u001F') || text.ContainsAnyInRange('\u007F', '\u009F');

    private static int Mask(IEnumerable<SlotName> attributes) => attributes.Aggregate(0, (mask, a) => mask | (1 << (int)a));
}
