namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The registry document: aliases, every model version, and the promotion history.</summary>
/// <param name="Champion">The model in production.</param>
/// <param name="Challenger">The model being evaluated.</param>
/// <param name="Models">Every model version, in registration order.</param>
/// <param name="History">Every promotion, oldest first.</param>
/// <param name="Lease">The model update that may fine-tune, deploy and roll out now, if any.</param>
public sealed record ModelRegistryDocument(
    string? Champion,
    string? Challenger,
    IReadOnlyList<RegisteredModel> Models,
    IReadOnlyList<Promotion> History,
    ModelUpdateLease? Lease = null)
{
    /// <summary>An empty registry.</summary>
    public static ModelRegistryDocument Empty { get; } = new(null, null, [], []);

    /// <summary>A model by id, or null.</summary>
    /// <param name="modelId">The model id.</param>
    public RegisteredModel? Find(string? modelId) => Models.FirstOrDefault(m => m.ModelId == modelId);

    /// <summary>The dataset version of the newest model a fine-tuning job made, or null when there is none.</summary>
    public string? LastFineTunedVersion() => Models.LastOrDefault(m => m.DatasetVersion is not null && m.JobId is not null)?.DatasetVersion;
}
