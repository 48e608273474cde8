using Feedback.Api.Http;
using Feedback.Pipeline.Intake;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Api.Intake;

/// <summary>
/// <c>POST /api/feedback</c>: feedback sent straight to the product, checked and stored by
/// <see cref="FeedbackIntake"/> (one item or an array; an optional <c>Idempotency-Key</c> header).
/// 202 when stored, 200 with <c>replayed</c> for a repeated key, 400 ValidationProblem naming each bad
/// item (nothing stored), 422 for a key reused with another body, 413 for a body over the limit.
/// </summary>
public static class IntakeEndpoint
{
    /// <summary>Answers the route.</summary>
    /// <param name="request">The request.</param>
    /// <param name="intake">The intake.</param>
    /// <param name="options">The HTTP options (body limit).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Accepted<FeedbackAccepted>, Ok<FeedbackAccepted>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpRequest request,
        FeedbackIntake intake,
        ApiOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(options);
        (byte[]? body, ProblemHttpResult? tooLarge) = await RequestBody.ReadAsync(request, options.MaxPayloadBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        string? key = request.Headers.TryGetValue(FeedbackIntake.IdempotencyHeader, out var values) ? values.ToString() : null;
        IntakeOutcome outcome = await intake.AcceptAsync(body!, key, cancellationToken);
        IntakeAnswer answer = IntakeAnswer.For(outcome.Status);
        return outcome.Status switch
        {
            IntakeStatus.Accepted => TypedResults.Accepted((string?)null, outcome.Result),
            IntakeStatus.Replayed => TypedResults.Ok(outcome.Result),
            IntakeStatus.Invalid => TypedResults.ValidationProblem(outcome.Errors!, detail: outcome.Detail, title: answer.Title),
            _ => TypedResults.Problem(statusCode: answer.StatusCode, title: answer.Title, detail: outcome.Detail),
        };
    }
}
