namespace Feedback.Pipeline.Ports;

/// <summary>
/// A model as a service version serves it: the base model with, for a fine-tuned model, its LoRA adapter
/// loaded dynamically from <paramref name="LoraUri"/>.
/// </summary>
/// <param name="ModelId">The id clients ask for: the base model id, or <c>{base}:{adapter}</c>.</param>
/// <param name="BaseModelId">The base model (text before the first colon).</param>
/// <param name="Version">The service version label that serves it (deterministic: the adapter's name, or <c>base</c>).</param>
/// <param name="LoraUri">The remote folder the version loads adapters from (<c>dynamic_lora_loading_path</c>); its sub-folder <c>{adapter}</c> holds this model's adapter.</param>
public sealed record ServedModel(string ModelId, string BaseModelId, string Version, string LoraUri);
