namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Input of <see cref="EnsureServiceActivity"/>.</summary>
/// <param name="ServiceName">The service.</param>
/// <param name="BaseModelId">The model the primary serves when the service has to be created.</param>
public sealed record EnsureServiceRequest(string ServiceName, string BaseModelId);
