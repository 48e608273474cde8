namespace Feedback.Api.Orchestrations;

/// <summary>The management URLs returned when an orchestration starts, as Durable Functions returns them.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="StatusQueryGetUri">GET: the instance's status.</param>
/// <param name="SendEventPostUri">POST: raise an event (replace <c>{eventName}</c>).</param>
/// <param name="TerminatePostUri">POST: terminate (replace <c>{text}</c> with a reason).</param>
/// <param name="PurgeHistoryDeleteUri">DELETE: purge the instance's history.</param>
public sealed record CheckStatusResponse(
    string Id,
    Uri StatusQueryGetUri,
    Uri SendEventPostUri,
    Uri TerminatePostUri,
    Uri PurgeHistoryDeleteUri)
{
    /// <summary>The URLs of the management routes served at the request's own origin (the self-hosted runtime's).</summary>
    /// <param name="request">The request that started the instance.</param>
    /// <param name="id">The instance id.</param>
    public static CheckStatusResponse ForRequest(HttpRequest request, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        string root = $"{request.Scheme}://{request.Host}{request.PathBase}{ApiRoutes.DurableWebhooks}/instances/{Uri.EscapeDataString(id)}";
        return new CheckStatusResponse(
            id,
            new Uri(root),
            new Uri($"{root}/raiseEvent/{{eventName}}"),
            new Uri($"{root}/terminate?reason={{text}}"),
            new Uri(root));
    }
}
