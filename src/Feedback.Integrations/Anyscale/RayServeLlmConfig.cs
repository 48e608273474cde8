using System.Text.Json.Nodes;
using Feedback.Pipeline.Ports;

namespace Feedback.Integrations.Anyscale;

/// <summary>
/// The <c>ray_serve_config</c> of a service version: one Ray Serve LLM OpenAI application
/// (<c>ray.serve.llm:build_openai_app</c>) serving the base model with LoRA adapters loaded on demand from the version's
/// folder. A request for <c>{base}:{adapter}</c> loads <c>{dynamic_lora_loading_path}/{adapter}/</c>.
/// </summary>
public static class RayServeLlmConfig
{
    /// <summary>The application's import path.</summary>
    public const string ImportPath = "ray.serve.llm:build_openai_app";

    /// <summary>Builds the config for <paramref name="model"/>.</summary>
    /// <param name="model">The model the version serves.</param>
    /// <param name="options">Replicas, accelerator and LoRA limits.</param>
    public static JsonObject Build(ServedModel model, ServingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        return new JsonObject
        {
            ["applications"] = new JsonArray(new JsonObject
            {
                ["name"] = "llm_app",
                ["route_prefix"] = "/",
                ["import_path"] = ImportPath,
                ["args"] = new JsonObject
                {
                    ["llm_configs"] = new JsonArray(new JsonObject
                    {
                        ["model_loading_config"] = new JsonObject { ["model_id"] = model.BaseModelId, ["model_source"] = model.BaseModelId },
                        ["lora_config"] = new JsonObject
                        {
                            ["dynamic_lora_loading_path"] = model.LoraUri,
                            ["max_num_adapters_per_replica"] = options.MaxAdaptersPerReplica,
                        },
                        ["engine_kwargs"] = new JsonObject
                        {
                            ["enable_lora"] = true,
                            ["max_lora_rank"] = options.MaxLoraRank,
                            ["max_loras"] = options.MaxAdaptersPerReplica,
                            ["max_model_len"] = options.MaxModelLength,
                        },
                        ["accelerator_type"] = options.AcceleratorType,
                        ["deployment_config"] = new JsonObject
                        {
                            ["autoscaling_config"] = new JsonObject { ["min_replicas"] = options.MinReplicas, ["max_replicas"] = options.MaxReplicas },
                        },
                    }),
                },
            }),
        };
    }
}
