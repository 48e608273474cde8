namespace Feedback.Pipeline.Intake;

/// <summary>
/// How an intake outcome is answered over HTTP, the same in both runtimes: 202 stored, 200 replayed, 400 invalid (with
/// the errors per item), 422 idempotency key reused with another body, 404 no API source configured.
/// </summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Title">The ProblemDetails title, for the refusals; null for 202 and 200.</param>
public sealed record IntakeAnswer(int StatusCode, string? Title)
{
    /// <summary>The answer to <paramref name="status"/>.</summary>
    /// <param name="status">How the intake ended.</param>
    public static IntakeAnswer For(IntakeStatus status) => status switch
    {
        IntakeStatus.Accepted => new(202, null),
        IntakeStatus.Replayed => new(200, null),
        IntakeStatus.Invalid => new(400, "The feedback is not valid"),
        IntakeStatus.KeyReused => new(422, "Idempotency key reused"),
        _ => new(404, "No API source"),
    };
}
