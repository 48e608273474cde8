namespace Feedback.Emulator.Platform;

/// <summary>One model a Ray Serve LLM application serves: the base model, and where it loads adapters from.</summary>
/// <param name="ModelId">The base model id clients ask for (<c>model_loading_config.model_id</c>).</param>
/// <param name="LoraPath">The <c>dynamic_lora_loading_path</c>, or null when the model has no adapters.</param>
public sealed record ServedLlm(string ModelId, string? LoraPath);
