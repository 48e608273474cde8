using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Emulator.Learning;

namespace Feedback.Emulator.Platform;

/// <summary>
/// A fine-tuned model's adapter as PEFT writes one: <c>adapter_config.json</c> and <c>adapter_model.safetensors</c>. The
/// emulator's weights are its small text-to-MR model, stored as one U8 tensor in a real safetensors file (8-byte
/// little-endian header length, JSON header, data).
/// </summary>
public static class AdapterFiles
{
    /// <summary>The adapter's config file.</summary>
    public const string ConfigFile = "adapter_config.json";

    /// <summary>The adapter's weights file.</summary>
    public const string WeightsFile = "adapter_model.safetensors";

    private const string TensorName = "emulator.viggo_mr_model";

    /// <summary>The PEFT config of a LoRA adapter on <paramref name="baseModel"/>.</summary>
    /// <param name="baseModel">The base model.</param>
    /// <param name="lora">The LLM-Forge <c>lora_config</c> (r, alpha, dropout, target modules).</param>
    public static byte[] Config(string baseModel, JsonObject lora)
    {
        ArgumentNullException.ThrowIfNull(lora);
        var config = new JsonObject
        {
            ["base_model_name_or_path"] = baseModel,
            ["peft_type"] = "LORA",
            ["task_type"] = (string?)lora["task_type"] ?? "CAUSAL_LM",
            ["r"] = lora["r"]?.DeepClone() ?? 8,
            ["lora_alpha"] = lora["lora_alpha"]?.DeepClone() ?? 16,
            ["lora_dropout"] = lora["lora_dropout"]?.DeepClone() ?? 0.05,
            ["target_modules"] = lora["target_modules"]?.DeepClone() ?? new JsonArray(),
            ["bias"] = (string?)lora["bias"] ?? "none",
            ["fan_in_fan_out"] = lora["fan_in_fan_out"]?.DeepClone() ?? false,
            ["modules_to_save"] = lora["modules_to_save"]?.DeepClone() ?? new JsonArray(),
            ["inference_mode"] = true,
        };
        return Encoding.UTF8.GetBytes(config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The safetensors file holding <paramref name="model"/>.</summary>
    /// <param name="model">The trained model.</param>
    public static byte[] Weights(MrModel model)
    {
        byte[] data = JsonSerializer.SerializeToUtf8Bytes(model);
        var header = new JsonObject
        {
            ["__metadata__"] = new JsonObject { ["format"] = "pt", ["producer"] = "feedback-emulator" },
            [TensorName] = new JsonObject { ["dtype"] = "U8", ["shape"] = new JsonArray(data.Length), ["data_offsets"] = new JsonArray(0, data.Length) },
        };
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        var file = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        json.CopyTo(file, 8);
        file.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        data.CopyTo(file, 8 + padded);
        return file;
    }

    /// <summary>Reads the model back from a safetensors file; throws <see cref="InvalidDataException"/> for anything else.</summary>
    /// <param name="file">The file's bytes.</param>
    public static MrModel ReadWeights(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length < 8) throw new InvalidDataException("not a safetensors file: shorter than its header length");
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (length > (ulong)(file.Length - 8)) throw new InvalidDataException("not a safetensors file: header length past the end");
        JsonNode header = JsonNode.Parse(file.AsSpan(8, (int)length)) ?? throw new InvalidDataException("empty safetensors header");
        JsonArray offsets = header[TensorName]?["data_offsets"] as JsonArray ?? throw new InvalidDataException($"no tensor '{TensorName}' in the adapter");
        int start = 8 + (int)length + (int)offsets[0]!;
        int end = 8 + (int)length + (int)offsets[1]!;
        return JsonSerializer.Deserialize<MrModel>(file.AsSpan(start, end - start)) ?? throw new InvalidDataException("the adapter's model is empty");
    }
}
