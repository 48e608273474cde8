using System.Text;

namespace Feedback.Core.Mr;

/// <summary>
/// A ViGGO meaning representation: one dialogue act and its slots, in the order they were written.
/// Two MRs are equal when their written forms are equal (strict exact match).
/// </summary>
public sealed class MeaningRepresentation : IEquatable<MeaningRepresentation>
{
    private string? _text;

    /// <summary>Creates an MR; the slots are kept in the given order (see <see cref="MrCanonicalizer"/>).</summary>
    public MeaningRepresentation(DialogueAct act, IEnumerable<Slot> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        Act = act;
        Slots = [.. slots];
    }

    /// <summary>The dialogue act.</summary>
    public DialogueAct Act { get; }

    /// <summary>The slots, in written order.</summary>
    public IReadOnlyList<Slot> Slots { get; }

    /// <summary>The attributes in written order.</summary>
    public IEnumerable<SlotName> AttributeNames => Slots.Select(s => s.Attribute);

    /// <summary>The value of an attribute, or null when it is absent.</summary>
    public string? this[SlotName attribute]
    {
        get
        {
            foreach (var slot in Slots)
            {
                if (slot.Attribute == attribute) return slot.Value;
            }
            return null;
        }
    }

    /// <summary>Parses an MR; throws <see cref="MrFormatException"/> with the position and reason when it is not one.</summary>
    public static MeaningRepresentation Parse(string text) =>
        MrParser.TryParse(text, out var mr, out var error) ? mr : throw new MrFormatException(error);

    /// <summary>Writes the MR: <c>act(attr[value], attr[value])</c>.</summary>
    public string Format()
    {
        if (_text is not null) return _text;
        var sb = new StringBuilder(64);
        sb.Append(Act.WireName()).Append('(');
        for (var i = 0; i < Slots.Count; i++)
        {
            if (i > 0) sb.Append(ViggoOntology.Separator);
            sb.Append(Slots[i].Attribute.WireName()).Append('[').Append(Slots[i].Value).Append(']');
        }
        return _text = sb.Append(')').ToString();
    }

    /// <summary>The structured form used by the API: attribute wire names to a value, or a list for list attributes.</summary>
    public IReadOnlyDictionary<string, object> ToAttributeMap()
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var slot in Slots)
        {
            map[slot.Attribute.WireName()] = slot.IsList ? slot.Items.ToArray() : slot.Value;
        }
        return map;
    }

    /// <inheritdoc />
    public override string ToString() => Format();

    /// <inheritdoc />
    public bool Equals(MeaningRepresentation? other) =>
        other is not null && string.Equals(Format(), other.Format(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MeaningRepresentation);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Format());
}
