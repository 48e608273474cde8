namespace Feedback.Pipeline.Ports;

/// <summary>An object in the store, as a listing reports it.</summary>
/// <param name="Key">The object's key ('/'-separated).</param>
/// <param name="ETag">A tag that changes whenever the content changes.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="LastModified">When it last changed.</param>
public sealed record StoredObject(string Key, string ETag, long Size, DateTimeOffset LastModified);
