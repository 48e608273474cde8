using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Durable;

/// <summary>
/// Runs the Durable Task sidecar (<see cref="TaskHubGrpcServer"/>) on a loopback HTTP/2 endpoint
/// over the configured backend, for the client. Registered before the worker, which runs on its
/// <see cref="Service"/> in process (<see cref="Worker.InProcessDurableTaskWorker"/>), so the service
/// exists when the worker starts, and stopped after it.
/// </summary>
/// <param name="options">The runtime options.</param>
/// <param name="endpoint">The address to listen on.</param>
/// <param name="loggerFactory">The host's logger factory.</param>
public sealed partial class DurableSidecar(
    IOptions<DurableRuntimeOptions> options,
    SidecarEndpoint endpoint,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DurableSidecar>();
    private WebApplication? _app;

    /// <summary>The orchestration service the sidecar runs on (wrapped); null until started.</summary>
    public SidecarOrchestrationService? Service { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DurableRuntimeOptions o = options.Value;
        IOrchestrationService backend = await CreateBackendAsync(o, loggerFactory);
        Service = new SidecarOrchestrationService(
            backend, o.MaxConcurrentActivities, o.MaxConcurrentOrchestrations, loggerFactory.CreateLogger<SidecarOrchestrationService>());

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, endpoint.Port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(Service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(Service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        _app = builder.Build();
        _app.MapGrpcService<TaskHubGrpcServer>();
        await _app.StartAsync(cancellationToken);
        endpoint.Bound(new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()));
        LogStarted(_logger, o.Backend, o.TaskHubName, endpoint.Address);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }

        if (Service is not null)
        {
            await Service.StopAsync(isForced: true);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }

        Service?.Dispose();
    }

    /// <summary>The storage backend the options name, created and ready (also what the runtime benchmark's bare engine runs on).</summary>
    /// <param name="o">The runtime options.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    public static async Task<IOrchestrationService> CreateBackendAsync(DurableRuntimeOptions o, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Backend == DurableBackend.InMemory)
        {
            return new InMemoryOrchestrationService(loggerFactory);
        }

        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(o.ConnectionString!),
            TaskHubName = o.TaskHubName,
            MaxQueuePollingInterval = o.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = o.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = o.ControlQueueVisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = o.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = o.MaxConcurrentOrchestrations,
            PartitionCount = o.PartitionCount,
            LoggerFactory = loggerFactory,
        });
        await service.CreateIfNotExistsAsync();
        return service;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Durable sidecar on the {Backend} backend, task hub {TaskHub}, listening on {Address}")]
    private static partial void LogStarted(ILogger logger, DurableBackend backend, string taskHub, Uri address);
}
