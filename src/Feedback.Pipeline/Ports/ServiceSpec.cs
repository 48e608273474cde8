namespace Feedback.Pipeline.Ports;

/// <summary>A service spec to apply (create or update by name).</summary>
/// <param name="Name">Service name.</param>
/// <param name="Model">The model the version serves.</param>
/// <param name="CanaryPercent">
/// Null to create the service (the platform ignores a canary percent on create or restart), 0 for a silent
/// canary, 100 to complete the rollout.
/// </param>
public sealed record ServiceSpec(string Name, ServedModel Model, int? CanaryPercent = null);
