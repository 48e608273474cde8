namespace Feedback.Core.Mr;

/// <summary>The rules of one dialogue act: required and allowed attributes and the slot count.</summary>
/// <param name="Act">The dialogue act.</param>
/// <param name="WireName">The name as written in an MR, e.g. <c>give_opinion</c>.</param>
/// <param name="Required">Attributes that must be present.</param>
/// <param name="Allowed">Attributes that may be present (including the required ones).</param>
/// <param name="MinSlots">Fewest slots.</param>
/// <param name="MaxSlots">Most slots.</param>
public sealed record DialogueActDefinition(
    DialogueAct Act,
    string WireName,
    IReadOnlyList<SlotName> Required,
    IReadOnlySet<SlotName> Allowed,
    int MinSlots,
    int MaxSlots);
