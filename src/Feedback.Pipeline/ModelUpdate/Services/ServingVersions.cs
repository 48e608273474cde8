namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// The service version label of a model: <c>base</c> for the base model, else the adapter's name (the text after the
/// first colon of <c>{base}:{adapter}</c>, as Ray Serve LLM splits it), limited to letters, digits, '.', '_' and '-'.
/// Deterministic, so the label applied and the label read back identify the same model.
/// </summary>
public static class ServingVersions
{
    /// <summary>The label of the base model's version.</summary>
    public const string Base = "base";

    /// <summary>The base model of a model id: the text before the first colon.</summary>
    /// <param name="modelId">A base or fine-tuned model id.</param>
    public static string BaseModelOf(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        int colon = modelId.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? modelId : modelId[..colon];
    }

    /// <summary>The adapter name of a fine-tuned model id (the text after the first colon), or null for a base model.</summary>
    /// <param name="modelId">A base or fine-tuned model id.</param>
    public static string? AdapterOf(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        int colon = modelId.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : modelId[(colon + 1)..];
    }

    /// <summary>The version label that serves <paramref name="modelId"/>.</summary>
    /// <param name="modelId">A base or fine-tuned model id.</param>
    public static string LabelOf(string modelId) =>
        AdapterOf(modelId) is { } adapter
            ? string.Concat(adapter.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-'))
            : Base;
}
