using Feedback.Api;
using Feedback.Api.Reads;
using Feedback.Host.Api;
using Feedback.Host.Durable;
using Feedback.Host.Durable.Worker;
using Feedback.Host.Telemetry;
using Feedback.Host.Triggers;
using Feedback.Integrations;
using Feedback.Pipeline;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Hosting;

/// <summary>Registers the self-hosted runtime: sidecar, worker, client, triggers, API and telemetry.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable runtime: the sidecar on the configured backend, the worker with every
    /// pipeline task (<see cref="PipelineTasks.Register"/>) running in process on the sidecar's
    /// orchestration service (<see cref="InProcessDurableTaskWorker"/>), and the client over gRPC.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration (section <c>Durable</c>, and <c>AzureWebJobsStorage</c>).</param>
    public static IServiceCollection AddFeedbackDurableRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DurableRuntimeOptions>()
            .Bind(configuration.GetSection(DurableRuntimeOptions.Section))
            .PostConfigure(o => o.ConnectionString ??= configuration["AzureWebJobsStorage"])
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp => new SidecarEndpoint(sp.GetRequiredService<IOptions<DurableRuntimeOptions>>().Value.SidecarPort));
        services.AddSingleton<SidecarCallInvoker>();
        services.AddSingleton<DurableSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());

        services.AddFeedbackPipeline(configuration);
        services.AddDurableTaskWorker(builder =>
        {
            builder.AddTasks(PipelineTasks.Register);
            builder.UseBuildTarget<InProcessDurableTaskWorker>();
            builder.Configure(o => o.DataConverter = PipelineJson.DataConverter);
        });
        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc();
            builder.Services.AddOptions<GrpcDurableTaskClientOptions>(builder.Name)
                .Configure<SidecarCallInvoker>((o, invoker) => o.CallInvoker = invoker);
            builder.Configure(o => o.DataConverter = PipelineJson.DataConverter);
        });
        return services;
    }

    /// <summary>
    /// Adds the triggers (schedule, queue, blob arrival) and the ports: the event queue on Azure
    /// Storage when the durable backend is Azure Storage, in process otherwise; the object store
    /// (section <c>ObjectStore</c>) and the metrics sink (section <c>Metrics</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration (sections <c>Triggers</c>, <c>ObjectStore</c>, <c>Metrics</c>).</param>
    public static IServiceCollection AddFeedbackTriggers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<RuntimeMetrics>();
        services.AddFeedbackAdapters(configuration, computePlatformRequired: false);
        services.AddEventQueue(sp =>
        {
            DurableRuntimeOptions durable = sp.GetRequiredService<IOptions<DurableRuntimeOptions>>().Value;
            return durable.Backend == DurableBackend.AzureStorage ? durable.ConnectionString : null;
        });
        services.AddSingleton<ScheduleTrigger>();
        services.AddSingleton<QueueTrigger>();
        services.AddSingleton<BlobArrivalTrigger>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleTrigger>());
        services.AddHostedService(sp => sp.GetRequiredService<QueueTrigger>());
        services.AddHostedService(sp => sp.GetRequiredService<BlobArrivalTrigger>());
        return services;
    }

    /// <summary>
    /// Adds the HTTP surface's services (<see cref="ApiServiceCollectionExtensions.AddFeedbackHttpApi"/>), the
    /// API key the mutating routes need, the OpenAPI document and this runtime's health facts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration (section <c>Api</c>).</param>
    public static IServiceCollection AddFeedbackHostHttpApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFeedbackHttpApi(configuration);
        services.AddFeedbackApiKey(configuration);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Feedback loop API";
            document.Info.Description = "The product's HTTP surface, the same on the self-hosted runtime and the Functions app (see docs/architecture.md).";
            return Task.CompletedTask;
        }));
        services.AddSingleton<IHealthFacts, RuntimeHealthFacts>();
        return services;
    }
}
