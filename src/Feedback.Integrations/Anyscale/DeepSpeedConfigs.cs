namespace Feedback.Integrations.Anyscale;

/// <summary>The DeepSpeed configuration a fine-tuning job's package carries.</summary>
public static class DeepSpeedConfigs
{
    /// <summary>
    /// ZeRO stage 3 with the optimizer and the parameters offloaded to CPU, bf16 (the reference's
    /// <c>deepspeed_config.json</c>); batch sizes and clipping are left to the trainer (<c>auto</c>).
    /// </summary>
    public const string Zero3OffloadOptimizerAndParameters = """
        {
          "bf16": { "enabled": true },
          "zero_optimization": {
            "stage": 3,
            "offload_optimizer": { "device": "cpu", "pin_memory": true },
            "offload_param": { "device": "cpu", "pin_memory": true },
            "overlap_comm": true,
            "contiguous_gradients": true,
            "reduce_bucket_size": "auto",
            "stage3_prefetch_bucket_size": "auto",
            "stage3_param_persistence_threshold": "auto",
            "gather_16bit_weights_on_model_save": true,
            "round_robin_gradients": true
          },
          "gradient_accumulation_steps": "auto",
          "gradient_clipping": "auto",
          "train_batch_size": "auto",
          "train_micro_batch_size_per_gpu": "auto",
          "steps_per_print": 10,
          "wall_clock_breakdown": false
        }
        """;
}
