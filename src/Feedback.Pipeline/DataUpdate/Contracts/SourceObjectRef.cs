namespace Feedback.Pipeline.DataUpdate;

/// <summary>A source object waiting to be ingested.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Format">The source's row format.</param>
/// <param name="Key">The object's key.</param>
/// <param name="ETag">The object's tag when listed.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record SourceObjectRef(string Source, string Format, string Key, string ETag, long Size);
