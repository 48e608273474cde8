using System.Diagnostics.CodeAnalysis;

namespace Feedback.Core.Mr;

/// <summary>The verdict on a text that claims to be an MR: parsed and valid, or the first reason it is not.</summary>
/// <param name="Mr">The parsed MR, when it parses.</param>
/// <param name="ParseError">Why it does not parse.</param>
/// <param name="Violations">The rules it breaks once parsed.</param>
public sealed record MrCheckResult(MeaningRepresentation? Mr, MrParseError? ParseError, IReadOnlyList<MrViolation> Violations)
{
    /// <summary>Whether the text is a valid, canonical MR.</summary>
    [MemberNotNullWhen(true, nameof(Mr))]
    public bool IsValid => Mr is not null && ParseError is null && Violations.Count == 0;

    /// <summary>A short machine-friendly reason code: <c>parse:Kind</c> or <c>rule:Kind</c>; null when valid.</summary>
    public string? ReasonCode =>
        ParseError is not null ? $"parse:{ParseError.Kind}" : Violations.Count > 0 ? $"rule:{Violations[0].Kind}" : null;

    /// <summary>A sentence saying what is wrong; null when valid.</summary>
    public string? Reason =>
        ParseError is not null ? $"not an MR {ParseError}" : Violations.Count > 0 ? string.Join("; ", Violations) : null;
}
