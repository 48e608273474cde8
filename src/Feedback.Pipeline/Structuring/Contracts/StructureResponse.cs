namespace Feedback.Pipeline.Structuring;

/// <summary>The answer of the structuring API: one result per text, in request order.</summary>
/// <param name="ModelId">The model that answered.</param>
/// <param name="Items">The results.</param>
/// <param name="Valid">How many answers are valid MRs.</param>
public sealed record StructureResponse(string ModelId, IReadOnlyList<StructuredText> Items, int Valid);
