using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Feedback.Integrations;

/// <summary>The one registration of the adapters behind the pipeline's ports, shared by both runtimes.</summary>
public static class FeedbackAdaptersServiceCollectionExtensions
{
    /// <summary>
    /// Adds the object store (section <c>ObjectStore</c>), the metrics sink (<c>Metrics</c>), the notifier (<c>Slack</c>)
    /// and the compute platform (<c>Anyscale</c>, <c>FineTune</c>, <c>Serving</c>), each validated at start. The event
    /// queue is the runtime's choice (the Functions app: Azure Storage queues through its identity; the self-hosted
    /// runtime: the one its durable backend implies).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <param name="computePlatformRequired">
    /// True where fine-tuning is the point (the Functions app: a missing Anyscale setting stops the start); false for the
    /// self-hosted runtime, whose data side also runs without a platform (it is added when <c>Anyscale:Token</c> is set).
    /// </param>
    public static IServiceCollection AddFeedbackAdapters(this IServiceCollection services, IConfiguration configuration, bool computePlatformRequired)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddObjectStore(configuration);
        services.AddMetricsSink(configuration);
        services.AddNotifier(configuration);
        if (computePlatformRequired || !string.IsNullOrWhiteSpace(configuration["Anyscale:Token"]))
        {
            services.AddAnyscale(configuration);
        }

        return services;
    }
}
