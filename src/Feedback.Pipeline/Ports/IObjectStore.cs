namespace Feedback.Pipeline.Ports;

/// <summary>An object in the store, as a listing reports it.</summary>
/// <param name="Key">The object's key ('/'-separated).</param>
/// <param name="ETag">A tag that changes whenever the content changes.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="LastModified">When it last changed.</param>
public sealed record StoredObject(string Key, string ETag, long Size, DateTimeOffset LastModified);

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
}
