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

/// <summary>One text structured by a model.</summary>
/// <param name="Text">The text as sent to the model (normalised).</param>
/// <param name="Mr">The model's answer as it came back.</param>
/// <param name="Parsed">The answer parsed, when it parses (also when it breaks a rule of the ontology).</param>
/// <param name="ModelId">The model that answered.</param>
/// <param name="Valid">Whether the answer is a valid MR; an answer that does not parse or breaks a rule is never valid.</param>
/// <param name="Error">Why the answer is not valid (<c>parse:…</c> or <c>rule:…</c> code, then the reason).</param>
public sealed record StructuredText(string Text, string Mr, ParsedMr? Parsed, string ModelId, bool Valid, string? Error)
{
    /// <summary>Checks a model's answer for a text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="answer">The model's answer.</param>
    /// <param name="modelId">The model.</param>
    public static StructuredText FromAnswer(string text, string answer, string modelId)
    {
        ArgumentNullException.ThrowIfNull(answer);
        MrCheckResult check = MrCheck.Check(answer);
        return new StructuredText(
            text,
            answer,
            check.Mr is null ? null : ParsedMr.From(check.Mr),
            modelId,
            check.IsValid,
            check.IsValid ? null : $"{check.ReasonCode}: {check.Reason}");
    }
}

/// <summary>The answer of the structuring API: one result per text, in request order.</summary>
/// <param name="ModelId">The model that answered.</param>
/// <param name="Items">The results.</param>
/// <param name="Valid">How many answers are valid MRs.</param>
public sealed record StructureResponse(string ModelId, IReadOnlyList<StructuredText> Items, int Valid);
