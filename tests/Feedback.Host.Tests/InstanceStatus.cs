using System.Net.Http.Json;
using System.Text.Json;

namespace Feedback.Host.Tests;

/// <summary>An instance's status through the HTTP API, awaited with <see cref="Wait"/>.</summary>
internal static class InstanceStatus
{
    /// <summary>Polls <c>GET /runtime/webhooks/durabletask/instances/{id}</c> until <paramref name="done"/> holds for the status document.</summary>
    public static Task<JsonElement> WaitAsync(HttpClient http, string instanceId, Func<JsonElement, bool> done, TimeSpan timeout) =>
        Wait.UntilAsync(
            async () =>
            {
                using HttpResponseMessage response = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{instanceId}");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            status => status.ValueKind == JsonValueKind.Object && done(status),
            timeout,
            $"instance {instanceId} to reach the expected state");

    /// <summary>The stage of an instance's progress (its custom status), or null when it shows none.</summary>
    public static string? Stage(JsonElement status) =>
        status.TryGetProperty("customStatus", out JsonElement progress) && progress.ValueKind == JsonValueKind.Object
            ? progress.GetProperty("stage").GetString()
            : null;
}
