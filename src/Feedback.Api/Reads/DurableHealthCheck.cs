using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feedback.Api.Reads;

/// <summary>Healthy when the durable client reaches its backend (through the sidecar or the Functions host).</summary>
/// <param name="client">The durable client.</param>
/// <param name="facts">What the runtime adds to the answer.</param>
internal sealed class DurableHealthCheck(DurableTaskClient client, IEnumerable<IHealthFacts> facts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        foreach (IHealthFacts fact in facts)
        {
            fact.AddTo(data);
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
