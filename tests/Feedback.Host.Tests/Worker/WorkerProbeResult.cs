namespace Feedback.Host.Tests.Worker;

/// <summary>What the probe orchestration saw.</summary>
/// <param name="Doubled">The doubling activity's result.</param>
/// <param name="FailureType">The failing activity's error type, as the SDK reports it.</param>
/// <param name="FailureMessage">The failing activity's error message.</param>
/// <param name="MissingMessage">The error message of a call to an activity no one registered.</param>
public sealed record WorkerProbeResult(int Doubled, string? FailureType, string? FailureMessage, string? MissingMessage);
