using System.ComponentModel.DataAnnotations;

namespace Feedback.Integrations.Anyscale;

/// <summary>
/// How the service serves the base model with LoRA adapters loaded on demand (Ray Serve LLM's
/// <c>build_openai_app</c>), section <c>Serving</c>.
/// </summary>
public sealed class ServingOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Serving";

    /// <summary>The accelerator of the model replicas. Default <c>A10G</c>.</summary>
    [Required]
    public string AcceleratorType { get; set; } = "A10G";

    /// <summary>Replicas at least. Default 1.</summary>
    [Range(0, 100)]
    public int MinReplicas { get; set; } = 1;

    /// <summary>Replicas at most. Default 2.</summary>
    [Range(1, 100)]
    public int MaxReplicas { get; set; } = 2;

    /// <summary>The largest LoRA rank the engine accepts (vLLM <c>max_lora_rank</c>). Default 32.</summary>
    [Range(1, 512)]
    public int MaxLoraRank { get; set; } = 32;

    /// <summary>Adapters one replica holds at once (<c>max_num_adapters_per_replica</c>, and vLLM's <c>max_loras</c>, which must equal it). Default 16.</summary>
    [Range(1, 256)]
    public int MaxAdaptersPerReplica { get; set; } = 16;

    /// <summary>The longest prompt plus answer in tokens (vLLM <c>max_model_len</c>). Default 4096.</summary>
    [Range(64, 1_000_000)]
    public int MaxModelLength { get; set; } = 4096;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinReplicas > MaxReplicas)
        {
            yield return new ValidationResult("Serving:MinReplicas must not exceed Serving:MaxReplicas.", [nameof(MinReplicas)]);
        }
    }
}
