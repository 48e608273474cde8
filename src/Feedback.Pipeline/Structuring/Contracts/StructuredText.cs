using Feedback.Core.Mr;

namespace Feedback.Pipeline.Structuring;

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
