using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Feedback.Pipeline;

/// <summary>Registers what the pipeline's orchestrators and activities need.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services the pipeline's activities resolve (the tasks themselves are added by
    /// <see cref="PipelineTasks.Register"/>), with default options. The ports (object store, metrics
    /// sink, event queue) are registered by the runtime.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddFeedbackPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton<RuntimeCheckAttempts>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DataUpdateOptions>();
        services.AddOptions<ModelUpdate.ModelUpdateOptions>();
        services.AddOptions<Core.Evaluation.DecisionOptions>();
        services.AddOptions<Structuring.StructuringOptions>();
        services.TryAddSingleton<ModelUpdate.ModelRegistry>();
        services.TryAddSingleton<ModelUpdate.JobSubmissions>();
        services.TryAddSingleton<Structuring.FeedbackStructurer>();
        services.TryAddSingleton<Intake.FeedbackIntake>();
        services.TryAddSingleton<SourceObjectTransform>();
        services.TryAddSingleton<DatasetVersionBuilder>();
        services.TryAddSingleton<Reading.FeedbackReads>();
        return services;
    }

    /// <summary>Adds the pipeline's services with options bound from configuration (sections <c>DataUpdate</c>, <c>ModelUpdate</c>, <c>Decision</c>, <c>Structuring</c>, <c>Triggers</c>), validated at start.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration.</param>
    public static IServiceCollection AddFeedbackPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddFeedbackPipeline();
        services.AddOptions<DataUpdateOptions>()
            .Bind(configuration.GetSection(DataUpdateOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ModelUpdate.ModelUpdateOptions>()
            .Bind(configuration.GetSection(ModelUpdate.ModelUpdateOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<Core.Evaluation.DecisionOptions>()
            .Bind(configuration.GetSection(Core.Evaluation.DecisionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<Structuring.StructuringOptions>()
            .Bind(configuration.GetSection(Structuring.StructuringOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<Triggers.TriggerOptions>()
            .Bind(configuration.GetSection(Triggers.TriggerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
