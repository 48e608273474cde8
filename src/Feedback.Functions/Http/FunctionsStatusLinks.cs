using System.Text.Json;
using Feedback.Api.Orchestrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Feedback.Functions.Http;

/// <summary>The management URLs of a Functions app: the Durable extension's own routes, with the query (task hub, connection, system key) the extension gives its client binding.</summary>
internal static class FunctionsStatusLinks
{
    /// <summary>The links for instances started through <paramref name="client"/>.</summary>
    /// <param name="client">The <c>[DurableClient]</c> binding.</param>
    /// <param name="request">The request that starts the instance.</param>
    public static StatusLinks For(DurableTaskClient client, HttpRequest request) => id =>
    {
        object payload;
        try
        {
            payload = client.CreateHttpManagementPayload(id);
        }
        catch (InvalidOperationException)
        {
            // Only a client that did not come from the Functions host's binding has no base URL (a test's or a tool's):
            // it manages instances through the same routes at the request's origin, without the system key it does not have.
            return CheckStatusResponse.ForRequest(request, id);
        }

        JsonElement links = JsonSerializer.SerializeToElement(payload, payload.GetType());
        return new CheckStatusResponse(
            id,
            Link(links, "statusQueryGetUri", "StatusQueryGetUri"),
            Link(links, "sendEventPostUri", "SendEventPostUri"),
            Link(links, "terminatePostUri", "TerminatePostUri"),
            Link(links, "purgeHistoryDeleteUri", "PurgeHistoryDeleteUri"));
    };

    private static Uri Link(JsonElement links, string camel, string pascal) =>
        new((links.TryGetProperty(camel, out JsonElement value) ? value : links.GetProperty(pascal)).GetString()!);
}
