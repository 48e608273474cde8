namespace Feedback.Pipeline.Triggers;

/// <summary>The input a blob-arrival trigger gives the orchestration it starts.</summary>
/// <param name="Key">The object's key.</param>
/// <param name="ETag">The object's tag when it was seen.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record ObjectArrival(string Key, string ETag, long Size);
