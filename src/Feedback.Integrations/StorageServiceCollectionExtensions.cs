using Feedback.Integrations.Metrics;
using Feedback.Integrations.Queues;
using Feedback.Integrations.Slack;
using Feedback.Integrations.Snowflake;
using Feedback.Integrations.Storage;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Feedback.Integrations;

/// <summary>Registration of the storage adapters: object store, metrics sink, event queue.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IObjectStore"/> from section <c>ObjectStore</c>: the filesystem (default) or S3.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    public static IServiceCollection AddObjectStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ObjectStoreOptions>().Bind(configuration.GetSection(ObjectStoreOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IObjectStore>(sp =>
        {
            ObjectStoreOptions o = sp.GetRequiredService<IOptions<ObjectStoreOptions>>().Value;
            return o.Kind == ObjectStoreKind.S3 ? new S3ObjectStore(o) : new FileSystemObjectStore(o.Root);
        });
        return services;
    }

    /// <summary>Registers <see cref="IMetricsSink"/> from section <c>Metrics</c>: SQLite (default) or Snowflake.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    public static IServiceCollection AddMetricsSink(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (configuration.GetValue($"{MetricsOptions.Section}:{nameof(MetricsOptions.Kind)}", MetricsKind.Sqlite) != MetricsKind.Snowflake)
        {
            services.TryAddSingleton<IMetricsSink>(sp => new SqliteMetricsSink(sp.GetRequiredService<IOptions<MetricsOptions>>().Value.SqlitePath));
            return services;
        }

        services.AddOptions<SnowflakeOptions>().Bind(configuration.GetSection(SnowflakeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SnowflakeSqlClient.HttpClientName, (sp, http) =>
            {
                SnowflakeOptions o = sp.GetRequiredService<IOptions<SnowflakeOptions>>().Value;
                http.BaseAddress = new Uri(o.AccountUrl!.ToString().TrimEnd('/') + "/");
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler()
            // A submission is resent by the client itself, with retry=true: never blindly by the handler.
            .Configure((HttpStandardResilienceOptions o, IServiceProvider _) => o.Retry.DisableFor(HttpMethod.Post));
        services.TryAddSingleton(sp =>
        {
            SnowflakeOptions o = sp.GetRequiredService<IOptions<SnowflakeOptions>>().Value;
            string pem = o.PrivateKeyPem is { Length: > 0 } inline ? inline : File.ReadAllText(o.PrivateKeyPath!);
            return new SnowflakeJwt(pem, o.Account, o.User, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<SnowflakeSqlClient>();
        services.TryAddSingleton<IMetricsSink, SnowflakeMetricsSink>();
        return services;
    }

    /// <summary>Registers <see cref="INotifier"/> from section <c>Slack</c>: the Slack webhook when one is set (validated: https, an allowed host), else the log.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    public static IServiceCollection AddNotifier(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (string.IsNullOrWhiteSpace(configuration[$"{SlackOptions.Section}:{nameof(SlackOptions.WebhookUrl)}"]))
        {
            services.TryAddSingleton<INotifier, LogNotifier>();
            return services;
        }

        services.AddHttpClient(SlackNotifier.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddStandardResilienceHandler();
        services.TryAddSingleton<INotifier, SlackNotifier>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="IEventQueueClient"/> on Azure Storage queues through the Functions-style connection
    /// <paramref name="connectionName"/> (a connection string, or an identity-based connection with a token
    /// credential). A missing connection fails the start with a message naming the settings: never an in-process queue.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <param name="connectionName">The connection's name. Default <c>AzureWebJobsStorage</c>.</param>
    public static IServiceCollection AddAzureStorageEventQueue(this IServiceCollection services, IConfiguration configuration, string connectionName = "AzureWebJobsStorage")
    {
        services.AddOptions<StorageConnectionCheck>()
            .Validate(_ => StorageConnection.From(configuration, connectionName) is not null, StorageConnection.MissingMessage(connectionName))
            .ValidateOnStart();
        services.TryAddSingleton<IEventQueueClient>(_ => StorageConnection.From(configuration, connectionName) switch
        {
            { ConnectionString: { } c } => new AzureStorageEventQueueClient(c),
            { QueueServiceUri: { } uri, Credential: { } credential } => new AzureStorageEventQueueClient(uri, credential),
            _ => throw new InvalidOperationException(StorageConnection.MissingMessage(connectionName)),
        });
        return services;
    }

    /// <summary>Registers <see cref="IEventQueueClient"/> on Azure Storage queues with the given connection string, or in process when it is null.</summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionString">Resolves the storage connection string (a secret), or null for the in-process queue.</param>
    public static IServiceCollection AddEventQueue(this IServiceCollection services, Func<IServiceProvider, string?> connectionString)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventQueueClient>(sp => connectionString(sp) is { Length: > 0 } c
            ? new AzureStorageEventQueueClient(c)
            : new InProcessEventQueueClient(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
