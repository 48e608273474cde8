namespace Feedback.Pipeline.Ports;

/// <summary>A fine-tuning job as the pipeline sees it. Carries no secrets.</summary>
/// <param name="Id">Platform id.</param>
/// <param name="Name">The deterministic name it was submitted under.</param>
/// <param name="State">The platform's own state name.</param>
/// <param name="Phase">What the state means.</param>
/// <param name="Error">The platform's error, when failed.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="FinishedAt">When it finished, if it has.</param>
public sealed record ComputeJob(string Id, string Name, string State, JobPhase Phase, string? Error, DateTimeOffset? CreatedAt, DateTimeOffset? FinishedAt);
