using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Feedback.Integrations.Anyscale;

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
            ["dataset_size_scaling_factor"] = 10000,
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
