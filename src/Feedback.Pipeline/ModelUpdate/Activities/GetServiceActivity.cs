using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Reads a service by name.</summary>
/// <param name="platform">The compute platform.</param>
public sealed class GetServiceActivity(IComputePlatform platform) : TaskActivity<string, ServiceInfo>
{
    /// <inheritdoc />
    public override async Task<ServiceInfo> RunAsync(TaskActivityContext context, string input) =>
        await platform.FindServiceAsync(input) ?? throw new InvalidOperationException($"Service '{input}' does not exist.");
}
