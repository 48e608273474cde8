using Feedback.Api.Http;
using Feedback.Api.Reads;
using Microsoft.Extensions.Configuration;

namespace Feedback.Api;

/// <summary>Registers what the HTTP surface needs, in both runtimes.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the HTTP options (section <c>Api</c>, validated at start), ProblemDetails and the durable health check.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    public static IServiceCollection AddFeedbackHttpApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiOptions>()
            .Bind(configuration.GetSection(ApiOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<DurableHealthCheck>("durable");
        return services;
    }

    /// <summary>
    /// Adds the self-hosted runtime's API key (section <c>Api</c>, required and validated at start) and the filter
    /// that checks it on the mutating routes. A Functions app does not call this: its host checks function keys.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    public static IServiceCollection AddFeedbackApiKey(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiKeyOptions>()
            .Bind(configuration.GetSection(ApiOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ApiKeyFilter>();
        return services;
    }
}
