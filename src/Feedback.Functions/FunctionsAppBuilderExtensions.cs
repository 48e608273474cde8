using Azure.Core.Serialization;
using Feedback.Api;
using Feedback.Integrations;
using Feedback.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions;

/// <summary>Wires the Functions app: the pipeline's tasks as Durable functions, the HTTP surface (ASP.NET Core integration), the trigger options, JSON and telemetry.</summary>
public static class FunctionsAppBuilderExtensions
{
    /// <summary>
    /// Registers every pipeline orchestrator and activity with the Durable extension (each becomes a
    /// function), the services they need, the trigger options (validated at start) and the JSON
    /// convention shared with the self-hosted runtime.
    /// </summary>
    /// <param name="builder">The Functions application builder.</param>
    public static FunctionsApplicationBuilder AddFeedbackFunctions(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
        builder.ConfigureDurableWorker().AddTasks(PipelineTasks.Register);
        builder.Services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(PipelineJson.Options));
        builder.Services.AddFeedbackPipeline(builder.Configuration);
        builder.Services.AddFeedbackAdapters(builder.Configuration, computePlatformRequired: true);
        builder.Services.AddAzureStorageEventQueue(builder.Configuration);
        builder.Services.AddFeedbackHttpApi(builder.Configuration);
        builder.Services.AddFeedbackFunctionsTelemetry(builder.Configuration);
        return builder;
    }
}
