using Feedback.Pipeline.Structuring;

namespace Feedback.Api.Intake;

/// <summary>The body of a structuring request (documented in the OpenAPI document; read by <see cref="StructureRequest"/>).</summary>
/// <param name="Text">One text.</param>
/// <param name="Texts">A batch of texts.</param>
public sealed record StructureRequestBody(string? Text, IReadOnlyList<string>? Texts);
