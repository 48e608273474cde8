using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Feedback.Integrations.Queues;

/// <summary>
/// A storage connection as Azure Functions names one (<c>{name}</c>, e.g. <c>AzureWebJobsStorage</c>): a connection
/// string in <c>{name}</c>, or an identity-based connection in <c>{name}__queueServiceUri</c> or
/// <c>{name}__accountName</c> with <c>{name}__credential=managedidentity</c> and <c>{name}__clientId</c> (a
/// user-assigned identity), as infra/main.bicep writes them. There is no in-process stand-in to fall back to.
/// </summary>
public sealed class StorageConnection
{
    private StorageConnection(string name, string? connectionString, Uri? queueServiceUri, TokenCredential? credential)
    {
        Name = name;
        ConnectionString = connectionString;
        QueueServiceUri = queueServiceUri;
        Credential = credential;
    }

    /// <summary>The connection's name.</summary>
    public string Name { get; }

    /// <summary>The connection string, for a connection-string connection (a secret).</summary>
    public string? ConnectionString { get; }

    /// <summary>The queue service, for an identity-based connection.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>The token credential, for an identity-based connection.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>The message that names what to set when the connection is missing.</summary>
    /// <param name="name">The connection's name.</param>
    public static string MissingMessage(string name) =>
        $"The storage connection '{name}' is not configured: set {name}__accountName (or {name}__queueServiceUri) with " +
        $"{name}__credential=managedidentity and {name}__clientId for the app's managed identity, as infra/main.bicep does, " +
        $"or {name} to a connection string (UseDevelopmentStorage=true for Azurite). The Functions app has no in-process queue to fall back to.";

    /// <summary>The connection named <paramref name="name"/>, or null when none of its settings is there.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="name">The connection's name.</param>
    public static StorageConnection? From(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (configuration[name] is { Length: > 0 } connectionString)
        {
            return new StorageConnection(name, connectionString, null, null);
        }

        IConfigurationSection section = configuration.GetSection(name);
        Uri? queueServiceUri = section["queueServiceUri"] is { Length: > 0 } uri
            ? new Uri(uri)
            : section["accountName"] is { Length: > 0 } account ? new Uri($"https://{account}.queue.core.windows.net") : null;
        if (queueServiceUri is null)
        {
            return null;
        }

        string? clientId = section["clientId"];
        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId });
        return new StorageConnection(name, null, queueServiceUri, credential);
    }
}
