namespace Feedback.Pipeline.Ports;

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
