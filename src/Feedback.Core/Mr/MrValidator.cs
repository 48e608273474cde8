namespace Feedback.Core.Mr;

/// <summary>Checks a parsed MR against the rules of viggo-grammar.md, including canonical order.</summary>
public static class MrValidator
{
    /// <summary>All the rules <paramref name="mr"/> breaks; empty when it is valid.</summary>
    public static IReadOnlyList<MrViolation> Validate(MeaningRepresentation mr)
    {
        ArgumentNullException.ThrowIfNull(mr);
        var violations = new List<MrViolation>();
        var act = ViggoOntology.Get(mr.Act);

        if (mr.Slots.Count < act.MinSlots)
            violations.Add(new(MrViolationKind.TooFewSlots, null, $"{act.WireName} needs at least {act.MinSlots} slots, has {mr.Slots.Count}"));
        if (mr.Slots.Count > act.MaxSlots)
            violations.Add(new(MrViolationKind.TooManySlots, null, $"{act.WireName} allows at most {act.MaxSlots} slots, has {mr.Slots.Count}"));

        foreach (var required in act.Required)
        {
            if (mr[required] is null)
                violations.Add(new(MrViolationKind.MissingRequiredAttribute, required, $"{act.WireName} requires {required.WireName()}"));
        }

        var previous = -1;
        var orderReported = false;
        foreach (var slot in mr.Slots)
        {
            var definition = ViggoOntology.Get(slot.Attribute);
            if (!act.Allowed.Contains(slot.Attribute))
                violations.Add(new(MrViolationKind.AttributeNotAllowed, slot.Attribute, $"{definition.WireName} is not allowed in {act.WireName}"));

            if (definition.CanonicalIndex < previous && !orderReported)
            {
                violations.Add(new(MrViolationKind.AttributeOrder, slot.Attribute,
                    $"attributes are not in canonical order ({definition.WireName} comes too late); expected {MrCanonicalizer.Canonicalize(mr).Format()}"));
                orderReported = true;
            }
            previous = Math.Max(previous, definition.CanonicalIndex);

            if (mr.Act == DialogueAct.RequestAttribute)
            {
                if (slot.Value.Length != 0)
                    violations.Add(new(MrViolationKind.ValueNotEmpty, slot.Attribute, $"request_attribute takes an empty value, {definition.WireName} has '{slot.Value}'"));
                continue;
            }
            ValidateValue(definition, slot.Value, violations);
        }
        return violations;
    }

    /// <summary>Checks one value against its attribute's kind, appending what is wrong.</summary>
    public static void ValidateValue(AttributeDefinition definition, string value, List<MrViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(violations);
        var name = definition.WireName;
        if (value.Length == 0)
        {
            violations.Add(new(MrViolationKind.EmptyValue, definition.Attribute, $"{name} has an empty value (only request_attribute takes one)"));
            return;
        }
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || value.Any(char.IsControl))
        {
            violations.Add(new(MrViolationKind.MalformedText, definition.Attribute, $"{name} value '{value}' has surrounding whitespace or control characters"));
            return;
        }

        switch (definition.Kind)
        {
            case AttributeKind.Closed:
            case AttributeKind.Boolean:
                if (!definition.Values.Contains(value, StringComparer.Ordinal))
                    violations.Add(new(MrViolationKind.InvalidValue, definition.Attribute, $"{name} value '{value}' is not one of: {string.Join(" | ", definition.Values)}"));
                break;
            case AttributeKind.Year:
                if (!IsYear(value))
                    violations.Add(new(MrViolationKind.InvalidYear, definition.Attribute, $"{name} value '{value}' is not a four-digit year"));
                break;
            case AttributeKind.Date:
                if (!IsYear(value) && !IsMonthDayYear(value))
                    violations.Add(new(MrViolationKind.InvalidDate, definition.Attribute, $"{name} value '{value}' is neither a year nor 'Month D, YYYY'"));
                break;
            case AttributeKind.List:
                ValidateList(definition, value, violations);
                break;
            case AttributeKind.OpenText:
            default:
                break;
        }
    }

    private static void ValidateList(AttributeDefinition definition, string value, List<MrViolation> violations)
    {
        var items = value.Split(ViggoOntology.Separator);
        var name = definition.WireName;
        var valid = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!definition.Values.Contains(item, StringComparer.Ordinal))
            {
                violations.Add(new(MrViolationKind.InvalidListItem, definition.Attribute, $"{name} item '{item}' is not one of: {string.Join(" | ", definition.Values)}"));
                valid = false;
            }
            else if (!seen.Add(item))
            {
                violations.Add(new(MrViolationKind.DuplicateListItem, definition.Attribute, $"{name} item '{item}' appears twice"));
                valid = false;
            }
        }
        if (items.Length > definition.MaxItems)
        {
            violations.Add(new(MrViolationKind.TooManyListItems, definition.Attribute, $"{name} allows at most {definition.MaxItems} items, has {items.Length}"));
            valid = false;
        }
        if (valid)
        {
            var canonical = MrCanonicalizer.CanonicalListValue(definition.Attribute, value);
            if (!string.Equals(canonical, value, StringComparison.Ordinal))
                violations.Add(new(MrViolationKind.ListItemOrder, definition.Attribute, $"{name} items are not in canonical order; expected '{canonical}'"));
        }
    }

    private static bool IsYear(string value) => value.Length == 4 && value.All(char.IsAsciiDigit);

    private static bool IsMonthDayYear(string value)
    {
        // "Month D, YYYY": the comma here is part of the date, not a list separator.
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0) return false;
        if (!ViggoOntology.Months.Contains(value[..space], StringComparer.Ordinal)) return false;
        var rest = value.AsSpan(space + 1);
        var comma = rest.IndexOf(", ", StringComparison.Ordinal);
        if (comma is < 1 or > 2) return false;
        var day = rest[..comma];
        if (!day.ToString().All(char.IsAsciiDigit) || day[0] == '0') return false;
        var dayNumber = int.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        return dayNumber is >= 1 and <= 31 && IsYear(rest[(comma + 2)..].ToString());
    }
}
