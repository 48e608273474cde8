namespace Feedback.Core.Mr;

/// <summary>Definition of one attribute: its wire name, kind and allowed values.</summary>
/// <param name="Attribute">The attribute.</param>
/// <param name="WireName">The name as written in an MR, e.g. <c>release_year</c>.</param>
/// <param name="Kind">How its value is validated.</param>
/// <param name="Values">The closed set of values, or for a list the vocabulary of its items; empty for open kinds.</param>
/// <param name="MaxItems">For lists, the most items allowed.</param>
public sealed record AttributeDefinition(
    SlotName Attribute,
    string WireName,
    AttributeKind Kind,
    IReadOnlyList<string> Values,
    int MaxItems = 1)
{
    /// <summary>Position in the canonical attribute order.</summary>
    public int CanonicalIndex => (int)Attribute;
}
