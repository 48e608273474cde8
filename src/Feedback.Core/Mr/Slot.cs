namespace Feedback.Core.Mr;

/// <summary>One slot of an MR: an attribute and its raw value as written between the brackets.</summary>
/// <param name="Attribute">The attribute.</param>
/// <param name="Value">The value; lists keep their <c>", "</c> separators.</param>
public readonly record struct Slot(SlotName Attribute, string Value)
{
    /// <summary>Whether the attribute holds a list.</summary>
    public bool IsList => ViggoOntology.Get(Attribute).Kind == AttributeKind.List;

    /// <summary>The list items of a list attribute, or the single value otherwise.</summary>
    public IReadOnlyList<string> Items =>
        IsList && Value.Length > 0 ? Value.Split(ViggoOntology.Separator) : [Value];

    /// <summary>The slot as written in an MR: <c>attr[value]</c>.</summary>
    public override string ToString() => $"{Attribute.WireName()}[{Value}]";
}
