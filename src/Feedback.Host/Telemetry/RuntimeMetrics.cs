using System.Diagnostics.Metrics;

namespace Feedback.Host.Telemetry;

/// <summary>The runtime's own metrics (meter <c>Feedback.Runtime</c>).</summary>
public sealed class RuntimeMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Feedback.Runtime";

    private readonly Meter _meter;
    private readonly Counter<long> _triggerStarts;
    private readonly Counter<long> _poisoned;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The meter factory.</param>
    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _triggerStarts = _meter.CreateCounter<long>("feedback.trigger.starts", description: "Orchestrations started by triggers.");
        _poisoned = _meter.CreateCounter<long>("feedback.queue.poisoned", description: "Queue messages moved to a poison queue.");
    }

    /// <summary>Counts an orchestration a trigger started.</summary>
    /// <param name="trigger">schedule, queue or blob.</param>
    /// <param name="orchestration">The orchestration.</param>
    public void TriggerStarted(string trigger, string orchestration) =>
        _triggerStarts.Add(1, new KeyValuePair<string, object?>("trigger", trigger), new KeyValuePair<string, object?>("orchestration", orchestration));

    /// <summary>Counts a poisoned message.</summary>
    /// <param name="queue">The queue it came from.</param>
    public void Poisoned(string queue) => _poisoned.Add(1, new KeyValuePair<string, object?>("queue", queue));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
