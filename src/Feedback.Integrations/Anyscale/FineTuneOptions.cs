using System.ComponentModel.DataAnnotations;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Feedback.Integrations.Anyscale;

/// <summary>The LLM-Forge fine-tuning settings (section <c>FineTune</c>), with the defaults of the reference.</summary>
public sealed class FineTuneOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FineTune";

    /// <summary>The base model. Default <c>mistralai/Mistral-7B-Instruct-v0.1</c>.</summary>
    [Required] public string ModelId { get; set; } = "mistralai/Mistral-7B-Instruct-v0.1";
    /// <summary>Context length. Default 512.</summary>
    [Range(64, 32768)] public int ContextLength { get; set; } = 512;
    /// <summary>GPUs. Default 4.</summary>
    [Range(1, 64)] public int NumDevices { get; set; } = 4;
    /// <summary>Epochs. Default 10.</summary>
    [Range(1, 100)] public int NumEpochs { get; set; } = 10;
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
    /// <summary>The DeepSpeed config. Default the ZeRO-3 config of LLM-Forge.</summary>
    [Required] public string DeepspeedConfigPath { get; set; } = "deepspeed_configs/zero_3_offload_optim+param.json";
    /// <summary>Use flash attention 2. Default true.</summary>
    public bool FlashAttention2 { get; set; } = true;
    /// <summary>LoRA rank. Default 8.</summary>
    [Range(1, 256)] public int LoraRank { get; set; } = 8;
    /// <summary>LoRA alpha. Default 16.</summary>
    [Range(1, 512)] public int LoraAlpha { get; set; } = 16;
    /// <summary>LoRA dropout. Default 0.05.</summary>
    [Range(0.0, 1.0)] public double LoraDropout { get; set; } = 0.05;
    /// <summary>The job entrypoint; <c>{config}</c> is replaced by the YAML path. Default <c>llmforge anyscale finetune {config}</c>.</summary>
    [Required] public string Entrypoint { get; set; } = "llmforge anyscale finetune {config}";
}

/// <summary>Writes the LLM-Forge YAML a fine-tuning job reads.</summary>
public static class FineTuneConfig
{
    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithNamingConvention(NullNamingConvention.Instance)
        .DisableAliases()
        .Build();

    /// <summary>The model id of a fine-tuned model: <c>{base}:{suffix}</c>.</summary>
    public static string FineTunedModelId(string baseModel, string suffix) => $"{baseModel}:{suffix}";

    /// <summary>The YAML for a run on the given files.</summary>
    public static string ToYaml(FineTuneOptions options, string trainPath, string validPath, string outputDir)
    {
        ArgumentNullException.ThrowIfNull(options);
        var document = new Dictionary<string, object>
        {
            ["model_id"] = options.ModelId,
            ["train_path"] = trainPath,
            ["valid_path"] = validPath,
            ["context_length"] = options.ContextLength,
            ["num_devices"] = options.NumDevices,
            ["num_epochs"] = options.NumEpochs,
            ["train_batch_size_per_device"] = options.TrainBatchSizePerDevice,
            ["eval_batch_size_per_device"] = options.EvalBatchSizePerDevice,
            ["learning_rate"] = options.LearningRate,
            ["num_checkpoints_to_keep"] = options.NumCheckpointsToKeep,
            ["output_dir"] = outputDir,
            ["deepspeed"] = new Dictionary<string, object> { ["config_path"] = options.DeepspeedConfigPath },
            ["flash_attention_2"] = options.FlashAttention2,
            ["worker_resources"] = new Dictionary<string, object> { [$"accelerator_type:{options.AcceleratorType}"] = 0.001 },
            ["lora_config"] = new Dictionary<string, object>
            {
                ["r"] = options.LoraRank,
                ["lora_alpha"] = options.LoraAlpha,
                ["lora_dropout"] = options.LoraDropout,
                ["target_modules"] = new[] { "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "embed_tokens", "lm_head" },
                ["task_type"] = "CAUSAL_LM",
                ["modules_to_save"] = Array.Empty<string>(),
                ["bias"] = "none",
                ["fan_in_fan_out"] = false,
                ["init_lora_weights"] = true,
            },
        };
        return Yaml.Serialize(document);
    }
}
