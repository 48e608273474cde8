namespace Feedback.Api.Reads;

/// <summary>The health answer: the overall status and each check's.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Checks">Each check by name.</param>
public sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthCheckAnswer> Checks);
