namespace Feedback.Pipeline.Ports;

/// <summary>A service as the pipeline sees it. The endpoint's auth token is deliberately absent.</summary>
/// <param name="Id">Service id.</param>
/// <param name="Name">Unique name.</param>
/// <param name="State">Service state.</param>
/// <param name="BaseUrl">Where its OpenAI-compatible endpoint lives.</param>
/// <param name="Error">The platform's error message.</param>
/// <param name="Primary">The version taking traffic.</param>
/// <param name="Canary">The version being rolled out.</param>
public sealed record ServiceInfo(string Id, string Name, ServicePhase State, string BaseUrl, string? Error, ServiceVersionInfo? Primary, ServiceVersionInfo? Canary);
