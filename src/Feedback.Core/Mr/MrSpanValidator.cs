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

    /// <summary>Exactly the characters <see cref="char.IsControl(char)"/> is true of: U+0000 to U+001F and U+007F to U+009F.</summary>
    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(char.IsControl)]);

    private static readonly int[] AllowedMasks = [.. ViggoOntology.Acts.Select(a => Mask(a.Allowed))];

    private static readonly int[] RequiredMasks = [.. ViggoOntology.Acts.Select(a => Mask(a.Required))];

    private static readonly string[] ActNames = [.. ViggoOntology.Acts.Select(a => a.WireName)];

    private static readonly string[] AttributeNames = [.. ViggoOntology.Attributes.Select(a => a.WireName)];

    private static readonly string[][] ValuesOf = [.. ViggoOntology.Attributes.Select(a => a.Values.ToArray())];

    private static readonly string[] Months = [.. ViggoOntology.Months];

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

        // An empty or blank text has no act name, so it fails the act's lookup.
        int pos = ScanIdentifier(text, 0);
        int actIndex = IndexOf(ActNames, text[..pos]);
        if (actIndex < 0)
        {
            return false;
        }

        DialogueActDefinition definition = ActDefinitions[actIndex];

        if (pos >= text.Length || text[pos] != '(')
        {
            return false;
        }

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
            int start = pos;
            int end = ScanIdentifier(text, pos);
            int attributeIndex = IndexOf(AttributeNames, text[start..end]);
            if (attributeIndex < 0)
            {
                return false;
            }

            AttributeDefinition attribute = AttributeDefinitions[attributeIndex];

            int bit = 1 << attribute.CanonicalIndex;
            if ((seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            pos = end;
            if (pos >= text.Length || text[pos] != '[')
            {
                return false;
            }

            int valueStart = ++pos;
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
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || value.ContainsAny(ControlCharacters))
        {
            return false;
        }

        return definition.Kind switch
        {
            AttributeKind.Closed or AttributeKind.Boolean => IndexOf(ValuesOf[definition.CanonicalIndex], value) >= 0,
            AttributeKind.Year => IsYear(value),
            AttributeKind.Date => IsYear(value) || IsMonthDayYear(value),
            AttributeKind.List => IsCanonicalList(definition, value),
            _ => true,
        };
    }

    private static bool IsCanonicalList(AttributeDefinition definition, ReadOnlySpan<char> value)
    {
        string[] values = ValuesOf[definition.CanonicalIndex];
        long seen = 0;
        int items = 0;
        int previous = -1;
        ReadOnlySpan<char> rest = value;
        while (true)
        {
            int separator = rest.IndexOf(ViggoOntology.Separator.AsSpan());
            ReadOnlySpan<char> item = separator < 0 ? rest : rest[..separator];
            int index = IndexOf(values, item);
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

    private static int IndexOf(string[] values, ReadOnlySpan<char> value)
    {
        // A linear scan: the lists are short (at most 25) and most entries differ in length or first letter.
        for (int i = 0; i < values.Length; i++)
        {
            string candidate = values[i];
            if (candidate.Length == value.Length && value.Length > 0 && candidate[0] == value[0] && value.SequenceEqual(candidate))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsYear(ReadOnlySpan<char> value) => value.Length == 4 && !value.ContainsAnyExceptInRange('0', '9');

    private static bool IsMonthDayYear(ReadOnlySpan<char> value)
    {
        int space = value.IndexOf(' ');
        if (space <= 0 || IndexOf(Months, value[..space]) < 0)
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

    private static int ScanIdentifier(ReadOnlySpan<char> s, int pos)
    {
        while (pos < s.Length && (s[pos] is (>= 'a' and <= 'z') or '_'))
        {
            pos++;
        }

        return pos;
    }

    private static int Mask(IEnumerable<SlotName> attributes) => attributes.Aggregate(0, (mask, a) => mask | (1 << (int)a));
}
