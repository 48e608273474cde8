using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>Records a run's metrics through the metrics port.</summary>
/// <param name="metrics">The metrics sink.</param>
public sealed class RecordDataUpdateMetricsActivity(IMetricsSink metrics) : TaskActivity<DataUpdateMetrics, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, DataUpdateMetrics input)
    {
        await metrics.RecordDataUpdateAsync(input);
        return true;
    }
}
