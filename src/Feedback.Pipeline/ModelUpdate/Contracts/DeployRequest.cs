using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Input of the challenger deployment.</summary>
/// <param name="ServiceName">The service.</param>
/// <param name="Challenger">The challenger, as its canary version serves it.</param>
public sealed record DeployRequest(string ServiceName, ServedModel Challenger);
