namespace Feedback.Pipeline.Ports;

/// <summary>Asks a served model to structure a feedback text.</summary>
public interface IModelEndpoint
{
    /// <summary>The model's raw answer for <paramref name="text"/>; <paramref name="canary"/> targets the canary version.</summary>
    Task<string> CompleteAsync(string serviceName, string modelId, string text, bool canary, CancellationToken cancellationToken = default);
}
