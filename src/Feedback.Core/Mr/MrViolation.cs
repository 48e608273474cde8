namespace Feedback.Core.Mr;

/// <summary>One broken rule.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Attribute">The attribute concerned, when there is one.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record MrViolation(MrViolationKind Kind, SlotName? Attribute, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
