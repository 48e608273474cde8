namespace Feedback.Api.Orchestrations;

/// <summary>The result of a purge.</summary>
/// <param name="InstancesDeleted">How many instances were purged.</param>
public sealed record PurgeResponse(int InstancesDeleted);
