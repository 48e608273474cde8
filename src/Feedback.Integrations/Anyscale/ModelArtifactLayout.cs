using Feedback.Pipeline;

namespace Feedback.Integrations.Anyscale;

/// <summary>
/// Where fine-tuning packages and model artifacts live in the object store (which the platform must be able to read
/// and write):
/// <list type="bullet">
/// <item><c>jobs/pkg_{sha256}.zip</c>: a job's working directory, content-addressed;</item>
/// <item><c>models/checkpoints/{base}:{adapter}/</c>: where LLM-Forge forwards the best checkpoint (the adapter);</item>
/// <item><c>models/serving/{version}/{adapter}/</c>: the adapter a service version loads (its
/// <c>dynamic_lora_loading_path</c> is <c>models/serving/{version}/</c>).</item>
/// </list>
/// </summary>
public static class ModelArtifactLayout
{
    /// <summary>The prefix of job packages.</summary>
    public const string Packages = StoreLayout.JobPackages;

    /// <summary>The folder LLM-Forge forwards checkpoints to.</summary>
    public const string Checkpoints = StoreLayout.ModelCheckpoints;

    /// <summary>The folder service versions load adapters from.</summary>
    public const string Serving = StoreLayout.ModelServing;

    /// <summary>The files an adapter must have to be served (PEFT's config and weights).</summary>
    public static IReadOnlyList<string> RequiredAdapterFiles { get; } = ["adapter_config.json", "adapter_model.safetensors"];

    /// <summary>The key of a job package with this content hash (the SDK's <c>pkg_{hash}.zip</c> naming).</summary>
    /// <param name="contentHash">The hex SHA-256 of the zip.</param>
    public static string Package(string contentHash) => $"{Packages}/pkg_{contentHash}.zip";

    /// <summary>The folder of a fine-tuned model's checkpoint, as LLM-Forge writes it.</summary>
    /// <param name="modelId">The model tag, <c>{base}:{adapter}</c>.</param>
    public static string Checkpoint(string modelId) => $"{Checkpoints}/{modelId}";

    /// <summary>The folder a service version loads adapters from.</summary>
    /// <param name="version">The version label.</param>
    public static string ServingFolder(string version) => $"{Serving}/{version}";
}
