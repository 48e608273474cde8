using Microsoft.DurableTask;

namespace Feedback.Host.Tests.Worker;

/// <summary>Always throws.</summary>
public sealed class FailingProbeActivity : TaskActivity<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        throw new FormatException($"bad probe input '{input}'");
}
