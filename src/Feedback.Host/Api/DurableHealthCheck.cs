using Feedback.Host.Durable;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Api;

/// <summary>Healthy when the durable client reaches the sidecar and the sidecar its backend.</summary>
/// <param name="client">The durable client.</param>
/// <param name="options">The runtime options (backend and task hub are reported, never the connection string).</param>
/// <param name="sidecar">The sidecar, whose work counters show this host's share of the task hub's work.</param>
internal sealed class DurableHealthCheck(DurableTaskClient client, IOptions<DurableRuntimeOptions> options, DurableSidecar sidecar) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["backend"] = options.Value.Backend.ToString(),
            ["taskHub"] = options.Value.TaskHubName,
        };
        if (sidecar.Service?.Work is { } work)
        {
            data["host"] = work.Host;
            data["activitiesCompleted"] = work.ActivitiesCompleted;
            data["orchestrationEpisodes"] = work.OrchestrationEpisodes;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await client.GetInstanceAsync("health-probe", getInputsAndOutputs: false, timeout.Token);
            return HealthCheckResult.Healthy("The durable backend answers.", data);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The durable backend does not answer: {e.GetType().Name}.", data: data);
        }
    }
}
