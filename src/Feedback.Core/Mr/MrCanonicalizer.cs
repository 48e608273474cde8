namespace Feedback.Core.Mr;

/// <summary>Puts an MR in canonical form: attributes in canonical order, list items in their canonical order.</summary>
public static class MrCanonicalizer
{
    /// <summary>
    /// The canonical form of <paramref name="mr"/>. Genres and player perspectives are sorted alphabetically
    /// ignoring case; platforms follow the fixed order of <see cref="ViggoOntology.Platforms"/>; items outside
    /// the vocabulary keep their relative order after the known ones.
    /// </summary>
    public static MeaningRepresentation Canonicalize(MeaningRepresentation mr)
    {
        ArgumentNullException.ThrowIfNull(mr);
        var slots = mr.Slots
            .OrderBy(s => (int)s.Attribute)
            .Select(s => s.IsList && s.Value.Length > 0 ? s with { Value = CanonicalListValue(s.Attribute, s.Value) } : s);
        return new MeaningRepresentation(mr.Act, slots);
    }

    /// <summary>The canonical order of a list value's items.</summary>
    public static string CanonicalListValue(SlotName attribute, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var items = value.Split(ViggoOntology.Separator);
        IEnumerable<string> ordered = attribute == SlotName.Platforms
            ? items.OrderBy(PlatformRank)
            : items.OrderBy(i => i, StringComparer.OrdinalIgnoreCase);
        return string.Join(ViggoOntology.Separator, ordered);
    }

    private static int PlatformRank(string platform)
    {
        for (var i = 0; i < ViggoOntology.Platforms.Count; i++)
        {
            if (string.Equals(ViggoOntology.Platforms[i], platform, StringComparison.Ordinal)) return i;
        }
        return int.MaxValue;
    }
}
