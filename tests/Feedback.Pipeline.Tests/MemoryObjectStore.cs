using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.Tests;

/// <summary>An object store in memory with the port's conditional-write contract (unit tests only).</summary>
internal sealed class MemoryObjectStore : IObjectStore
{
    private readonly ConcurrentDictionary<string, (byte[] Content, string ETag)> _objects = new(StringComparer.Ordinal);

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach ((string key, (byte[] content, string etag)) in _objects.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return new StoredObject(key, etag, content.Length, DateTimeOffset.UnixEpoch);
            }
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        _objects.TryGetValue(key, out var o) ? Task.FromResult<Stream>(new MemoryStream(o.Content)) : throw new FileNotFoundException(key);

    public async Task<StoredObject> WriteAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        return Put(key, buffer.ToArray());
    }

    /// <summary>Loses an object, as a store whose object was deleted behind the product's back.</summary>
    public void Lose(string key) => _objects.TryRemove(key, out _);

    public Uri Locate(string key) => new($"memory:///{key}");

    public Task<TaggedContent?> ReadTaggedAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_objects.TryGetValue(key, out var o) ? new TaggedContent(o.Content, o.ETag) : null);

    public Task<StoredObject> WriteIfAsync(string key, byte[] content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        lock (_objects)
        {
            bool exists = _objects.TryGetValue(key, out var current);
            if ((condition.IfNoneMatch && exists) || (condition.IfMatch is not null && (!exists || current.ETag != condition.IfMatch)))
            {
                throw new ObjectChangedException(key);
            }

            return Task.FromResult(Put(key, content));
        }
    }

    private StoredObject Put(string key, byte[] content)
    {
        string etag = Guid.NewGuid().ToString("N");
        _objects[key] = (content, etag);
        return new StoredObject(key, etag, content.Length, DateTimeOffset.UnixEpoch);
    }
}
