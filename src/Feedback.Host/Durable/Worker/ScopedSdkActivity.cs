using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace Feedback.Host.Durable.Worker;

/// <summary>
/// One activity execution: a service scope, the SDK activity made in it, run through the SDK's shim, and the scope
/// disposed when it ends, as the SDK's gRPC worker does for each activity work item.
/// </summary>
/// <param name="name">The activity's name.</param>
/// <param name="factory">Creates the registered activities.</param>
/// <param name="services">The host's services.</param>
/// <param name="shims">Wraps an SDK activity for DurableTask.Core.</param>
internal sealed class ScopedSdkActivity(TaskName name, IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims)
    : TaskActivity
{
    /// <inheritdoc />
    public override async Task<string?> RunAsync(TaskContext context, string? input)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        if (!factory.TryCreateActivity(name, scope.ServiceProvider, out ITaskActivity? activity))
        {
            throw new InvalidOperationException($"No activity task named '{name}' was found.");
        }

        return await shims.CreateActivity(name, activity).RunAsync(context, input);
    }

    /// <inheritdoc />
    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("Activities run asynchronously (RunAsync).");
}
