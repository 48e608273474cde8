namespace Feedback.Api;

/// <summary>
/// The product's routes. Every route but the Durable management webhooks lives under <c>/api</c>, which is
/// the Functions host's route prefix, so the self-hosted runtime and the Functions app serve the same paths:
/// the host maps <see cref="Api"/> + a route, the Functions app declares the route (the host adds the prefix).
/// </summary>
public static class ApiRoutes
{
    /// <summary>The prefix every product route has, and the Functions host adds to each HTTP function's route.</summary>
    public const string Api = "/api/";

    /// <summary>The Durable management routes (status, events, terminate, purge). The Durable extension serves them in a Functions app.</summary>
    public const string DurableWebhooks = "/runtime/webhooks/durabletask";

    /// <summary><c>POST</c>: start an orchestration.</summary>
    public const string StartOrchestration = "orchestrators/{name}/{instanceId?}";

    /// <summary><c>GET</c>: list instances (the dashboard's list; the same answer as the management list route).</summary>
    public const string Instances = "instances";

    /// <summary><c>GET</c>: one instance's status (the same answer as the management status route).</summary>
    public const string Instance = "instances/{instanceId}";

    /// <summary><c>POST</c>: raise an event on an instance (an approval, say; the same as the management route).</summary>
    public const string RaiseEvent = "instances/{instanceId}/raiseEvent/{eventName}";

    /// <summary><c>POST</c>: feedback intake.</summary>
    public const string Feedback = "feedback";

    /// <summary><c>POST</c>: structure feedback text with the champion.</summary>
    public const string Structure = "feedback/structure";

    /// <summary><c>GET</c>: the model registry.</summary>
    public const string Models = "models";

    /// <summary><c>GET</c>: the current dataset version.</summary>
    public const string LatestDataset = "datasets/latest";

    /// <summary><c>GET</c>: where the newest rollout report is.</summary>
    public const string LatestReport = "reports/latest";

    /// <summary><c>GET</c>: a rollout report file.</summary>
    public const string Report = "reports/{instanceId}/{file}";

    /// <summary><c>GET</c>: health of the durable backend.</summary>
    public const string Health = "health";

    /// <summary><c>GET</c>: the dashboard page.</summary>
    public const string Dashboard = "dashboard";

    /// <summary><c>GET</c>: the OpenAPI document of these routes.</summary>
    public const string OpenApi = "openapi.json";

    /// <summary>The base of the report routes, as links in answers show it.</summary>
    public const string ReportsBase = "/api/reports";
}
