using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Feedback.Pipeline.Ports;

namespace Feedback.Integrations.Queues;

/// <summary>
/// The event queue on Azure Storage queues (Azurite locally). Messages are base64-encoded, the
/// encoding the Functions queue trigger expects by default, so both runtimes read the same queues.
/// </summary>
public sealed class AzureStorageEventQueueClient : IEventQueueClient
{
    private readonly QueueServiceClient _service;
    private readonly ConcurrentDictionary<string, Task<QueueClient>> _queues = new(StringComparer.Ordinal);

    private static readonly QueueClientOptions Options = new() { MessageEncoding = QueueMessageEncoding.Base64 };

    /// <summary>Creates the client from a storage connection string (a secret: never logged).</summary>
    /// <param name="connectionString">The storage account connection string.</param>
    public AzureStorageEventQueueClient(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _service = new QueueServiceClient(connectionString, Options);
    }

    /// <summary>Creates the client for an identity-based connection: the queue service's URI and a token credential (a managed identity in Azure).</summary>
    /// <param name="serviceUri">The queue service, e.g. <c>https://{account}.queue.core.windows.net</c>.</param>
    /// <param name="credential">The token credential.</param>
    public AzureStorageEventQueueClient(Uri serviceUri, Azure.Core.TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(credential);
        _service = new QueueServiceClient(serviceUri, credential, Options);
        Credential = credential;
    }

    /// <summary>The queue service's URI.</summary>
    public Uri ServiceUri => _service.Uri;

    /// <summary>The token credential of an identity-based connection; null for a connection string.</summary>
    public Azure.Core.TokenCredential? Credential { get; }

    /// <inheritdoc />
    public async Task SendAsync(string queue, string body, CancellationToken cancellationToken = default)
    {
        QueueClient client = await GetQueueAsync(queue, cancellationToken);
        await client.SendMessageAsync(body, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        QueueClient client = await GetQueueAsync(queue, cancellationToken);
        QueueMessage[] messages = (await client.ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, 32), visibilityTimeout, cancellationToken)).Value;
        return messages.Select(m => new QueuedMessage(queue, m.MessageId, m.PopReceipt, m.Body.ToString(), m.DequeueCount)).ToList();
    }

    /// <inheritdoc />
    public async Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        QueueClient client = await GetQueueAsync(message.Queue, cancellationToken);
        try
        {
            await client.DeleteMessageAsync(message.MessageId, message.Receipt, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already deleted (or its receipt expired and another delivery deleted it): the outcome is the same.
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default)
    {
        QueueClient client = await GetQueueAsync(queue, cancellationToken);
        PeekedMessage[] messages = (await client.PeekMessagesAsync(Math.Clamp(maxMessages, 1, 32), cancellationToken)).Value;
        return messages.Select(m => m.Body.ToString()).ToList();
    }

    private Task<QueueClient> GetQueueAsync(string queue, CancellationToken cancellationToken) =>
        _queues.GetOrAdd(queue, name => CreateAsync(name, cancellationToken));

    private async Task<QueueClient> CreateAsync(string name, CancellationToken cancellationToken)
    {
        QueueClient client = _service.GetQueueClient(name);
        try
        {
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return client;
        }
        catch
        {
            _queues.TryRemove(name, out _);
            throw;
        }
    }
}
