using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace Feedback.Host.Durable.Worker;

/// <summary>The registered SDK activities as DurableTask.Core activities, each run in a service scope of its own.</summary>
/// <param name="factory">Creates the registered activities.</param>
/// <param name="services">The host's services.</param>
/// <param name="shims">Wraps an SDK activity for DurableTask.Core.</param>
internal sealed class SdkActivities(IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims)
    : INameVersionObjectManager<TaskActivity>
{
    /// <inheritdoc />
    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Activities are registered with the SDK's task registry.");

    /// <inheritdoc />
    public TaskActivity GetObject(string name, string? version) => new ScopedSdkActivity(new TaskName(name), factory, services, shims);
}
