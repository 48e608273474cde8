namespace Feedback.Pipeline.Intake;

/// <summary>What an idempotency key stored (<c>state/intake/{hash}.json</c>).</summary>
/// <param name="BodySha256">The SHA-256 of the request body the key first came with.</param>
/// <param name="Key">The source object.</param>
/// <param name="Accepted">Items stored.</param>
public sealed record IntakeClaim(string BodySha256, string Key, int Accepted);
