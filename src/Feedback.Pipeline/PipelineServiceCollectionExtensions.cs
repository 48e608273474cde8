using Feedback.Pipeline.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline;

/// <summary>Registers what the pipeline's orchestrators and activities need.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>Adds the services the pipeline's activities resolve (the tasks themselves are added by <see cref="PipelineTasks.Register"/>).</summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddFeedbackPipeline(this IServiceCollection services)
    {
        services.AddSingleton<RuntimeCheckAttempts>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
