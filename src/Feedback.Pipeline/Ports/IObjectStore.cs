namespace Feedback.Pipeline.Ports;

/// <summary>An object in the store, as a listing reports it.</summary>
/// <param name="Key">The object's key ('/'-separated).</param>
/// <param name="ETag">A tag that changes whenever the content changes.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="LastModified">When it last changed.</param>
public sealed record StoredObject(string Key, string ETag, long Size, DateTimeOffset LastModified);

/// <summary>A precondition on a write, for optimistic concurrency.</summary>
/// <param name="IfMatch">Write only if the object's current ETag is this one.</param>
/// <param name="IfNoneMatch">Write only if the object does not exist yet.</param>
public sealed record WriteCondition(string? IfMatch = null, bool IfNoneMatch = false)
{
    /// <summary>Write only if the object does not exist.</summary>
    public static WriteCondition MustNotExist { get; } = new(null, true);

    /// <summary>Write only if the object still has <paramref name="etag"/>.</summary>
    /// <param name="etag">The tag read with the content.</param>
    public static WriteCondition Matches(string etag) => new(etag);
}

/// <summary>A conditional write lost: the object changed (or appeared) since it was read.</summary>
public sealed class ObjectChangedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ObjectChangedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What changed.</param>
    public ObjectChangedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What changed.</param>
    /// <param name="innerException">The cause.</param>
    public ObjectChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An object's content with the tag it had when it was read.</summary>
/// <param name="Content">The content, read to its end.</param>
/// <param name="ETag">The tag of exactly this content.</param>
public sealed record TaggedContent(byte[] Content, string ETag);

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
