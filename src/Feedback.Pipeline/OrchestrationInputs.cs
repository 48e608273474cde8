using System.Reflection;
using System.Text.Json;
using Microsoft.DurableTask;

namespace Feedback.Pipeline;

/// <summary>
/// Checks a start's input against the input type of the orchestration it starts, before anything is scheduled: an
/// input that the orchestration could not read (a JSON array for a record, a missing required field, a null where the
/// orchestration needs a value) is refused at the door with a reason, instead of an instance that fails on its first
/// step. Both runtimes' start routes use it.
/// </summary>
public static class OrchestrationInputs
{
    private static readonly JsonSerializerOptions Strict = new(PipelineJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Why <paramref name="input"/> cannot start <paramref name="orchestration"/>, or null when it can.</summary>
    /// <param name="orchestration">A registered orchestration's name (see <see cref="PipelineTasks.TryGetOrchestrationName"/>).</param>
    /// <param name="input">The start's JSON input; null when the request had none.</param>
    public static string? Problem(string orchestration, JsonElement? input)
    {
        if (!PipelineTasks.TryGetOrchestrationName(orchestration, out string canonical))
        {
            return $"There is no orchestration named '{orchestration}'.";
        }

        Type orchestrator = PipelineTasks.Orchestrators.First(t => t.Name == canonical);

        (Type type, bool nullable) = InputOf(orchestrator);
        if (input is null || input.Value.ValueKind == JsonValueKind.Null)
        {
            return nullable ? null : $"{orchestration} needs an input ({Describe(type)}); the request had none.";
        }

        if (type == typeof(object))
        {
            return null;
        }

        try
        {
            object? value = input.Value.Deserialize(type, Strict);
            return value is null && !nullable ? $"{orchestration} needs an input ({Describe(type)}), not null." : null;
        }
        catch (JsonException e)
        {
            return $"The input cannot be read as {orchestration}'s input ({Describe(type)}): {e.Message}";
        }
        catch (NotSupportedException e)
        {
            return $"The input cannot be read as {orchestration}'s input ({Describe(type)}): {e.Message}";
        }
    }

    /// <summary>The rule for instance ids a caller chooses: 1 to 100 characters without '/', '\\', '#', '?' or control characters.</summary>
    public const string InstanceIdRule = "An instance id is 1 to 100 characters without '/', '\\', '#', '?' or control characters.";

    /// <summary>Whether a caller-chosen instance id is valid (see <see cref="InstanceIdRule"/>).</summary>
    /// <param name="id">The id.</param>
    public static bool IsValidInstanceId(string id) =>
        id is { Length: > 0 and <= 100 } && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    private static (Type Type, bool Nullable) InputOf(Type orchestrator)
    {
        MethodInfo run = orchestrator.GetMethod(nameof(TaskOrchestrator<object, object>.RunAsync), BindingFlags.Public | BindingFlags.Instance, [typeof(TaskOrchestrationContext), InputType(orchestrator)])!;
        ParameterInfo parameter = run.GetParameters()[1];
        Type type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        bool nullable = type != parameter.ParameterType || Nullability.Create(parameter).ReadState == NullabilityState.Nullable;
        return (type, nullable);
    }

    private static Type InputType(Type orchestrator)
    {
        for (Type? t = orchestrator; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(TaskOrchestrator<,>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        throw new InvalidOperationException($"{orchestrator.Name} is not a TaskOrchestrator<TInput, TOutput>.");
    }

    private static string Describe(Type type) =>
        type == typeof(string) ? "a JSON string"
        : type.IsPrimitive ? $"a JSON {type.Name}"
        : $"a JSON object like {{{string.Join(", ", type.GetProperties().Select(p => $"\"{JsonNamingPolicy.CamelCase.ConvertName(p.Name)}\""))}}}";
}
