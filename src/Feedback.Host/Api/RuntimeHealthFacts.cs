using Feedback.Api.Reads;
using Feedback.Host.Durable;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Api;

/// <summary>The self-hosted runtime's health facts: backend and task hub (never the connection string), whether the demo's emulator is in the process, and this host's share of the task hub's work.</summary>
/// <param name="options">The runtime options.</param>
/// <param name="sidecar">The sidecar, whose work counters show this host's share.</param>
internal sealed class RuntimeHealthFacts(IOptions<DurableRuntimeOptions> options, DurableSidecar sidecar) : IHealthFacts
{
    public void AddTo(IDictionary<string, object> data)
    {
        data["backend"] = options.Value.Backend.ToString();
        data["taskHub"] = options.Value.TaskHubName;

        // Only `feedback run` (the demo) starts the Anyscale emulator in process; a runtime serving real work never loads it.
        data["demoEmulatorLoaded"] = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Feedback.Emulator");
        if (sidecar.Service?.Work is { } work)
        {
            data["host"] = work.Host;
            data["activitiesCompleted"] = work.ActivitiesCompleted;
            data["orchestrationEpisodes"] = work.OrchestrationEpisodes;
        }
    }
}
