namespace Feedback.Api.Orchestrations;

/// <summary>
/// Builds the management URLs of a started instance. Each runtime has its own: the self-hosted runtime
/// points at its own management routes (<see cref="CheckStatusResponse.ForRequest"/>), a Functions app at the
/// Durable extension's, which carry the extension's system key.
/// </summary>
/// <param name="instanceId">The started instance.</param>
public delegate CheckStatusResponse StatusLinks(string instanceId);
