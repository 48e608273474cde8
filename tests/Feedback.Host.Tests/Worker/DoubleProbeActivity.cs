using Microsoft.DurableTask;

namespace Feedback.Host.Tests.Worker;

/// <summary>Returns its input doubled; takes a scoped service.</summary>
public sealed class DoubleProbeActivity(ProbeScope scope) : TaskActivity<int, int>
{
    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, int input)
    {
        GC.KeepAlive(scope);
        return Task.FromResult(input * 2);
    }
}
