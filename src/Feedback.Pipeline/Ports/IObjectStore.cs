namespace Feedback.Pipeline.Ports;

/// <summary>The object store port (S3 in production, the filesystem when embedded).</summary>
public interface IObjectStore
{
    /// <summary>Lists the objects whose key starts with <paramref name="prefix"/>, in key order, streaming.</summary>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading, streaming; throws <see cref="FileNotFoundException"/> when it does not exist.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes an object from a stream, replacing it when it exists, and returns its new listing entry.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="content">The content, read to its end.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StoredObject> WriteAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// A URL anyone holding it can open for <paramref name="lifetime"/> (an S3 presigned GET), or null when the store
    /// cannot share objects that way (the filesystem).
    /// </summary>
    /// <param name="key">The object's key.</param>
    /// <param name="lifetime">How long the URL works.</param>
    Uri? ShareLink(string key, TimeSpan lifetime) => null;

    /// <summary>Where an object is, for external systems that read it directly (a <c>file://</c> path or an <c>s3://</c> URL).</summary>
    /// <param name="key">The object's key.</param>
    Uri Locate(string key);

    /// <summary>Reads a small object whole, with the tag of exactly the content read; null when it does not exist.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<TaggedContent?> ReadTaggedAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes an object only if <paramref name="condition"/> holds, atomically; throws <see cref="ObjectChangedException"/> when it does not.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="content">The content.</param>
    /// <param name="condition">The precondition.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StoredObject> WriteIfAsync(string key, byte[] content, WriteCondition condition, CancellationToken cancellationToken = default);
}
