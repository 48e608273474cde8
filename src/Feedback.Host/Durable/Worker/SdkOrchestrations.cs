using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace Feedback.Host.Durable.Worker;

/// <summary>
/// The registered SDK orchestrators as DurableTask.Core orchestrations: a fresh shim for each episode, as the
/// SDK's gRPC worker makes one for each work item.
/// </summary>
/// <param name="factory">Creates the registered orchestrators.</param>
/// <param name="services">The provider orchestrators are made from.</param>
/// <param name="shims">Wraps an SDK orchestrator for DurableTask.Core.</param>
internal sealed class SdkOrchestrations(IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims)
    : INameVersionObjectManager<TaskOrchestration>
{
    /// <inheritdoc />
    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Orchestrators are registered with the SDK's task registry.");

    /// <inheritdoc />
    /// <returns>The orchestration, or null when none has the name (the dispatcher then fails the instance).</returns>
    public TaskOrchestration? GetObject(string name, string? version)
    {
        var taskName = new TaskName(name);
        return factory.TryCreateOrchestrator(taskName, services, out ITaskOrchestrator? orchestrator)
            ? shims.CreateOrchestration(taskName, orchestrator)
            : null;
    }
}
