using Feedback.Pipeline.Intake;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Api;

/// <summary>
/// <c>POST /api/feedback</c>: feedback sent straight to the product, checked and stored by
/// <see cref="FeedbackIntake"/> (one item or an array; an optional <c>Idempotency-Key</c> header).
/// 202 when stored, 200 with <c>replayed</c> for a repeated key, 400 ValidationProblem naming each bad
/// item (nothing stored), 422 for a key reused with another body, 413 for a body over the limit.
/// </summary>
public static class FeedbackApi
{
    /// <summary>The header carrying the sender's idempotency key.</summary>
    public const string IdempotencyHeader = FeedbackIntake.IdempotencyHeader;

    /// <summary>Maps the route.</summary>
    /// <param name="app">The endpoint builder.</param>
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/feedback", PostAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithName("PostFeedback")
            .WithSummary("Send player feedback (one item or an array) to the API source; the next data update ingests it.");
        return app;
    }

    private static async Task<Results<Accepted<FeedbackAccepted>, Ok<FeedbackAccepted>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpRequest request,
        FeedbackIntake intake,
        IOptions<ApiOptions> api,
        CancellationToken cancellationToken)
    {
        (byte[]? body, ProblemHttpResult? tooLarge) = await RequestBody.ReadAsync(request, api.Value.MaxPayloadBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        string? key = request.Headers.TryGetValue(IdempotencyHeader, out var values) ? values.ToString() : null;
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
