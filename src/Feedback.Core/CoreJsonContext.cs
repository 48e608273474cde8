using System.Text.Json.Serialization;
using Feedback.Core.FineTuning;

namespace Feedback.Core;

/// <summary>Source-generated JSON metadata for the Core types written to and read from JSONL.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatExample))]
[JsonSerializable(typeof(LabelledText))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
