namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Input (and the state carried across generations) of <see cref="DeployWaitOrchestration"/>.</summary>
/// <param name="ServiceName">The service.</param>
/// <param name="What">What is being deployed, for messages ("the service", "the challenger …").</param>
/// <param name="CanaryVersion">The canary version label to wait for; null to wait for the service's primary.</param>
/// <param name="Deadline">When to give up (orchestration time).</param>
/// <param name="Policy">The polling intervals.</param>
/// <param name="Polls">Polls so far.</param>
public sealed record DeployWait(string ServiceName, string What, string? CanaryVersion, DateTime Deadline, FineTunePolicy Policy, int Polls = 0);
