using System.ComponentModel.DataAnnotations;

namespace Feedback.Integrations.Anyscale;

/// <summary>The LLM-Forge fine-tuning settings (section <c>FineTune</c>), with the defaults of the reference.</summary>
public sealed class FineTuneOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FineTune";

    /// <summary>The base model. Default <c>mistralai/Mistral-7B-Instruct-v0.1</c>.</summary>
    [Required] public string ModelId { get; set; } = "mistralai/Mistral-7B-Instruct-v0.1";
    /// <summary>Context length. Default 512.</summary>
    [Range(64, 32768)] public int ContextLength { get; set; } = 512;
    /// <summary>GPUs. Default 4.</summary>
    [Range(1, 64)] public int NumDevices { get; set; } = 4;
    /// <summary>Epochs. Default 12 (the reference's).</summary>
    [Range(1, 100)] public int NumEpochs { get; set; } = 12;
    /// <summary>Training batch size per device. Default 8.</summary>
    [Range(1, 512)] public int TrainBatchSizePerDevice { get; set; } = 8;
    /// <summary>Evaluation batch size per device. Default 8.</summary>
    [Range(1, 512)] public int EvalBatchSizePerDevice { get; set; } = 8;
    /// <summary>Learning rate. Default 1e-4.</summary>
    [Range(1e-7, 1.0)] public double LearningRate { get; set; } = 1e-4;
    /// <summary>Checkpoints kept. Default 1.</summary>
    [Range(1, 10)] public int NumCheckpointsToKeep { get; set; } = 1;
    /// <summary>The accelerator. Default <c>A10G</c>.</summary>
    [Required] public string AcceleratorType { get; set; } = "A10G";
    /// <summary>
    /// Where the DeepSpeed config is inside the job's working directory (the package carries the file there). Default
    /// <c>deepspeed_configs/zero_3_offload_optim+param.json</c> (ZeRO-3 with optimizer and parameter CPU offload, bf16, as the reference).
    /// </summary>
    [Required] public string DeepspeedConfigPath { get; set; } = "deepspeed_configs/zero_3_offload_optim+param.json";
    /// <summary>Use flash attention 2. Default true.</summary>
    public bool FlashAttention2 { get; set; } = true;
    /// <summary>LoRA rank. Default 8.</summary>
    [Range(1, 256)] public int LoraRank { get; set; } = 8;
    /// <summary>LoRA alpha. Default 16.</summary>
    [Range(1, 512)] public int LoraAlpha { get; set; } = 16;
    /// <summary>LoRA dropout. Default 0.05.</summary>
    [Range(0.0, 1.0)] public double LoraDropout { get; set; } = 0.05;
    /// <summary>
    /// The job's entrypoint, as the reference runs LLM-Forge: <c>{config}</c> is the YAML in the working directory,
    /// <c>{modelTag}</c> the fine-tuned model id (<c>{base}:{adapter}</c>) and <c>{checkpointUri}</c> the remote folder the
    /// best checkpoint is forwarded to (the adapter lands in <c>{checkpointUri}{modelTag}/</c>). Default
    /// <c>llmforge dev finetune {config} --model-tag={modelTag} --forward-best-checkpoint-remote-uri={checkpointUri}</c>.
    /// </summary>
    [Required]
    public string Entrypoint { get; set; } = "llmforge dev finetune {config} --model-tag={modelTag} --forward-best-checkpoint-remote-uri={checkpointUri}";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string placeholder in new[] { "{config}", "{modelTag}", "{checkpointUri}" })
        {
            if (!Entrypoint.Contains(placeholder, StringComparison.Ordinal))
            {
                yield return new ValidationResult($"FineTune:Entrypoint must contain {placeholder}: the model id and the adapter's location are fixed before the job starts.", [nameof(Entrypoint)]);
            }
        }

        if (ModelId.Contains(':', StringComparison.Ordinal))
        {
            yield return new ValidationResult("FineTune:ModelId must not contain ':' (Ray Serve LLM splits '{base}:{adapter}' at the first colon).", [nameof(ModelId)]);
        }

        if (Path.IsPathRooted(DeepspeedConfigPath) || DeepspeedConfigPath.Split('/', '\\').Any(s => s is "" or "." or ".."))
        {
            yield return new ValidationResult("FineTune:DeepspeedConfigPath must be a relative path inside the job's working directory.", [nameof(DeepspeedConfigPath)]);
        }
    }
}
