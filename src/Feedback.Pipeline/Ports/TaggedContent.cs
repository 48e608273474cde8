namespace Feedback.Pipeline.Ports;

/// <summary>An object's content with the tag it had when it was read.</summary>
/// <param name="Content">The content, read to its end.</param>
/// <param name="ETag">The tag of exactly this content.</param>
public sealed record TaggedContent(byte[] Content, string ETag);
