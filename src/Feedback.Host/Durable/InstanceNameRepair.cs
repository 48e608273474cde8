using System.Text.Json;
using DurableTask.Core;

namespace Feedback.Host.Durable;

/// <summary>
/// Fills in the name of an instance whose state row lost it. The Azure Storage backend writes an instance's name into
/// its row only in the episode that first processes its start event, after it has written the history: a host killed
/// between the two leaves a sub-orchestration's row without a name for good (its later episodes merge the row without
/// it). The sidecar cannot serialise a state without a name, so one such row made every instance query fail. The name
/// is in the instance's own history (its <c>ExecutionStarted</c> event), where this reads it back.
/// </summary>
public static class InstanceNameRepair
{
    /// <summary>The name given to an instance whose history has no start event either.</summary>
    public const string UnknownName = "(unknown)";

    /// <summary>Returns <paramref name="state"/> with its name filled in from its history when the backend lost it.</summary>
    /// <param name="state">The state as the backend returned it.</param>
    /// <param name="readHistory">Reads an instance's history JSON (instance id, execution id).</param>
    public static async Task<OrchestrationState> RepairAsync(OrchestrationState state, Func<string, string, Task<string>> readHistory)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(readHistory);
        if (state.Name is not null || state.OrchestrationInstance?.InstanceId is not { } instanceId)
        {
            return state;
        }

        string? name = null;
        try
        {
            name = NameFromHistory(await readHistory(instanceId, state.OrchestrationInstance.ExecutionId));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or NotImplementedException)
        {
            // A history that cannot be read leaves the placeholder name.
        }

        state.Name = name ?? UnknownName;
        return state;
    }

    /// <summary>The name in a history's <c>ExecutionStarted</c> event (event type 0), or null.</summary>
    /// <param name="historyJson">The history as the backend serialises it: a JSON array of events.</param>
    public static string? NameFromHistory(string? historyJson)
    {
        if (string.IsNullOrWhiteSpace(historyJson))
        {
            return null;
        }

        using JsonDocument history = JsonDocument.Parse(historyJson);
        if (history.RootElement.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (JsonElement e in history.RootElement.EnumerateArray())
        {
            bool started = e.TryGetProperty("EventType", out JsonElement type)
                && ((type.ValueKind == JsonValueKind.Number && type.GetInt32() == (int)DurableTask.Core.History.EventType.ExecutionStarted)
                    || (type.ValueKind == JsonValueKind.String && type.GetString() == nameof(DurableTask.Core.History.EventType.ExecutionStarted)));
            if (started && e.TryGetProperty("Name", out JsonElement name) && name.ValueKind == JsonValueKind.String)
            {
                return name.GetString();
            }
        }

        return null;
    }
}
