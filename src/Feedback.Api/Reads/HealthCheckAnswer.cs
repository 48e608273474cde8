namespace Feedback.Api.Reads;

/// <summary>One check of the health answer.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Description">What it found.</param>
/// <param name="Data">Facts (never secrets).</param>
public sealed record HealthCheckAnswer(string Status, string? Description, IReadOnlyDictionary<string, object> Data);
