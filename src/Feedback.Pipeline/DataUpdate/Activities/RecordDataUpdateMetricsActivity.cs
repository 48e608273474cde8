using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Core;
using Feedback.Core.FineTuning;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Core.Records;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
