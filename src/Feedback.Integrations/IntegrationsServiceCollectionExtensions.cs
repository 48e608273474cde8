using System.Net.Http.Headers;
using Feedback.Integrations.Anyscale;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Feedback.Integrations;

/// <summary>Registration of the Anyscale adapters.</summary>
public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Anyscale client as <see cref="IComputePlatform"/> and the OpenAI-compatible
    /// <see cref="IModelEndpoint"/>, with validated options and the standard resilience handler on every client.
    /// </summary>
    public static IServiceCollection AddAnyscale(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnyscaleOptions>().Bind(configuration.GetSection(AnyscaleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FineTuneOptions>().Bind(configuration.GetSection(FineTuneOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ServingOptions>().Bind(configuration.GetSection(ServingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        void Configure(IServiceProvider sp, HttpClient http)
        {
            var options = sp.GetRequiredService<IOptions<AnyscaleOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
            http.Timeout = Timeout.InfiniteTimeSpan;
        }

        void Resilience(IServiceProvider sp, HttpStandardResilienceOptions o, bool submit)
        {
            var options = sp.GetRequiredService<IOptions<AnyscaleOptions>>().Value;
            o.AttemptTimeout.Timeout = options.AttemptTimeout;
            o.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 3;
            o.CircuitBreaker.MinimumThroughput = 5;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.TotalRequestTimeout.Timeout = options.AttemptTimeout * (options.MaxRetries + 2);
            o.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetries);
            o.Retry.Delay = options.RetryDelay;
            o.Retry.UseJitter = true;
            if (submit || options.MaxRetries == 0) o.Retry.DisableFor(HttpMethod.Post);
        }

        services.AddHttpClient(AnyscaleClient.HttpClientName, Configure)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions o, IServiceProvider sp) => Resilience(sp, o, submit: false));
        services.AddHttpClient(AnyscaleClient.SubmitClientName, Configure)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions o, IServiceProvider sp) => Resilience(sp, o, submit: true));
        services.AddHttpClient(OpenAiModelEndpoint.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions o, IServiceProvider sp) => Resilience(sp, o, submit: false));

        services.AddSingleton<AnyscaleClient>();
        services.AddSingleton<IComputePlatform>(sp => sp.GetRequiredService<AnyscaleClient>());
        services.AddSingleton<OpenAiModelEndpoint>();
        services.AddSingleton<IModelEndpoint>(sp => sp.GetRequiredService<OpenAiModelEndpoint>());
        services.TryAddSingleton<IFineTuneJobs, AnyscaleFineTuneJobs>();
        return services;
    }
}
