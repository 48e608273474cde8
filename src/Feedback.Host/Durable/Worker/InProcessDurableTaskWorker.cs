using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Durable.Worker;

/// <summary>
/// Runs the SDK's orchestrators and activities in this process, on the sidecar's orchestration service, with
/// DurableTask.Core's <see cref="TaskHubWorker"/>: the work items never cross the loopback gRPC hop that the
/// SDK's gRPC worker needs (four HTTP/2 messages per activity in sequence; docs/benchmarks.md, the runtime's
/// own cost). The client still talks to the sidecar over gRPC; only work items stay in process.
/// </summary>
/// <remarks>
/// The tasks run through the SDK's own shims (<see cref="DurableTaskShimFactory"/>), the code the gRPC worker
/// runs them with, with failure details propagated as the SDK expects. Activities get a service scope each, as
/// there; orchestrators, which take no services, are made from the root provider, and see no parent instance
/// (<c>TaskOrchestrationContext.Parent</c> is null in a sub-orchestration).
/// </remarks>
public sealed partial class InProcessDurableTaskWorker : DurableTaskWorker
{
    private readonly DurableSidecar _sidecar;
    private readonly IServiceProvider _services;
    private readonly DurableTaskShimFactory _shims;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates the worker; the SDK's worker builder calls this with the registry's factory.</summary>
    /// <param name="name">The worker's name.</param>
    /// <param name="factory">Creates the registered orchestrators and activities.</param>
    /// <param name="sidecar">The sidecar whose orchestration service the worker runs on (started before the worker).</param>
    /// <param name="services">The host's services, for each activity's scope.</param>
    /// <param name="options">The SDK worker options (the data converter).</param>
    /// <param name="loggerFactory">The logger factory.</param>
    public InProcessDurableTaskWorker(
        string? name,
        IDurableTaskFactory factory,
        DurableSidecar sidecar,
        IServiceProvider services,
        IOptionsMonitor<DurableTaskWorkerOptions> options,
        ILoggerFactory loggerFactory)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sidecar = sidecar ?? throw new ArgumentNullException(nameof(sidecar));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        _logger = loggerFactory.CreateLogger<InProcessDurableTaskWorker>();
        _shims = new DurableTaskShimFactory(options.Get(Name), loggerFactory);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SidecarOrchestrationService service = _sidecar.Service
            ?? throw new InvalidOperationException("The durable sidecar has not started; it must be registered before the worker.");
        var worker = new TaskHubWorker(
            service,
            new SdkOrchestrations(Factory, _services, _shims),
            new SdkActivities(Factory, _services, _shims),
            _loggerFactory)
        {
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        await worker.StartAsync();
        LogStarted(_logger, Name);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            worker.Dispose();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Durable worker {Name} runs orchestrations and activities in process")]
    private static partial void LogStarted(ILogger logger, string name);
}
