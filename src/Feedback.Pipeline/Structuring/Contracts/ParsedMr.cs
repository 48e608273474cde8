using Feedback.Core.Mr;

namespace Feedback.Pipeline.Structuring;

/// <summary>An MR in JSON form: the dialogue act and each attribute's value (a string, or a list of strings for list attributes).</summary>
/// <param name="DialogueAct">The act's wire name, e.g. <c>request_explanation</c>.</param>
/// <param name="Attributes">Attribute wire name to value: a string, or a string array for list attributes.</param>
public sealed record ParsedMr(string DialogueAct, IReadOnlyDictionary<string, object> Attributes)
{
    /// <summary>The JSON form of a parsed MR.</summary>
    /// <param name="mr">The MR.</param>
    public static ParsedMr From(MeaningRepresentation mr)
    {
        ArgumentNullException.ThrowIfNull(mr);
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (Slot slot in mr.Slots)
        {
            attributes[slot.Attribute.WireName()] = slot.IsList ? slot.Items.ToArray() : slot.Value;
        }

        return new ParsedMr(mr.Act.WireName(), attributes);
    }
}
