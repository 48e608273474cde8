using System.Text.Json.Nodes;

namespace Feedback.Emulator.Platform;

/// <summary>
/// Reads a version's <c>ray_serve_config</c> as Ray Serve LLM does when the version starts: applications built by
/// <c>ray.serve.llm:build_openai_app</c> with <c>args.llm_configs</c>. The platform's API takes any object here; a config
/// Ray cannot run fails the version when it starts, with the reason.
/// </summary>
public static class ServeConfig
{
    /// <summary>The models the config serves, or why it cannot run.</summary>
    /// <param name="config">The <c>ray_serve_config</c>.</param>
    /// <param name="storage">Checks the LoRA paths are remote URIs the platform can read.</param>
    public static (IReadOnlyList<ServedLlm> Models, string? Error) Read(JsonNode? config, CloudStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (config?["applications"] is not JsonArray { Count: > 0 } applications)
        {
            return ([], "ray_serve_config has no applications");
        }

        var models = new List<ServedLlm>();
        foreach (JsonNode? application in applications)
        {
            string? importPath = (string?)application?["import_path"];
            if (importPath != "ray.serve.llm:build_openai_app")
            {
                return ([], $"cannot import '{importPath}': this image serves Ray Serve LLM applications (ray.serve.llm:build_openai_app)");
            }

            if (application!["args"]?["llm_configs"] is not JsonArray { Count: > 0 } llmConfigs)
            {
                return ([], "build_openai_app needs args.llm_configs");
            }

            foreach (JsonNode? llm in llmConfigs)
            {
                string? modelId = (string?)llm?["model_loading_config"]?["model_id"];
                if (string.IsNullOrWhiteSpace(modelId)) return ([], "llm_configs[].model_loading_config.model_id is required");
                if (modelId.Contains(':', StringComparison.Ordinal)) return ([], $"model_id '{modelId}' contains ':', which separates a base model from an adapter");
                string? loraPath = (string?)llm!["lora_config"]?["dynamic_lora_loading_path"];
                if (llm["lora_config"] is not null)
                {
                    if (loraPath is null) return ([], "lora_config.dynamic_lora_loading_path is required");
                    if (storage.Problem(loraPath) is { } problem) return ([], $"dynamic_lora_loading_path: {problem}");
                    if ((bool?)llm["engine_kwargs"]?["enable_lora"] != true) return ([], "a lora_config needs engine_kwargs.enable_lora: true");
                    int? maxLoras = (int?)llm["engine_kwargs"]?["max_loras"];
                    int? perReplica = (int?)llm["lora_config"]?["max_num_adapters_per_replica"];
                    if (maxLoras is not null && perReplica is not null && maxLoras != perReplica)
                    {
                        return ([], $"engine_kwargs.max_loras ({maxLoras}) must equal lora_config.max_num_adapters_per_replica ({perReplica})");
                    }
                }

                models.Add(new ServedLlm(modelId, loraPath));
            }
        }

        return (models, null);
    }
}
