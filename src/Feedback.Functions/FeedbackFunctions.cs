using System.Net;
using Feedback.Pipeline.Intake;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Structuring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Functions;

/// <summary>
/// The Functions app's feedback routes, the same contract as the self-hosted runtime's:
/// <c>POST /api/feedback</c> (intake, with an optional <c>Idempotency-Key</c>) and
/// <c>POST /api/feedback/structure</c> (text in, MR out, from the champion). Bad input is a 4xx
/// ProblemDetails; the function key is checked by the host.
/// </summary>
/// <param name="services">The services (the model endpoint is there when a model platform is configured).</param>
/// <param name="structuring">The structuring options.</param>
public sealed class FeedbackFunctions(IServiceProvider services, IOptions<StructuringOptions> structuring)
{
    /// <summary>The largest body either route reads, in bytes: 1 MiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary><c>POST /api/feedback</c>: stores feedback in the API source for the next data update.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(PostFeedback))]
    public async Task<HttpResponseData> PostFeedback([HttpTrigger(AuthorizationLevel.Function, "post", Route = "feedback")] HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[]? body = await BoundedBody.ReadAsync(request.Body, null, MaxBodyBytes);
        if (body is null)
        {
            return await FunctionsResponses.ProblemAsync(request, HttpStatusCode.RequestEntityTooLarge, "Body too large", $"The body may be at most {MaxBodyBytes} bytes.");
        }

        string? key = request.Headers.TryGetValues(FeedbackIntake.IdempotencyHeader, out IEnumerable<string>? values) ? string.Join(",", values) : null;
        IntakeOutcome outcome = await services.GetRequiredService<FeedbackIntake>().AcceptAsync(body, key);
        IntakeAnswer answer = IntakeAnswer.For(outcome.Status);
        return answer.Title is null
            ? await FunctionsResponses.JsonAsync(request, (HttpStatusCode)answer.StatusCode, outcome.Result)
            : await FunctionsResponses.ProblemAsync(request, (HttpStatusCode)answer.StatusCode, answer.Title, outcome.Detail, outcome.Errors);
    }

    /// <summary><c>POST /api/feedback/structure</c>: structures one text or a batch with the champion.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(StructureFeedback))]
    public async Task<HttpResponseData> StructureFeedback([HttpTrigger(AuthorizationLevel.Function, "post", Route = "feedback/structure")] HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[]? body = await BoundedBody.ReadAsync(request.Body, null, MaxBodyBytes);
        if (body is null)
        {
            return await FunctionsResponses.ProblemAsync(request, HttpStatusCode.RequestEntityTooLarge, "Body too large", $"The body may be at most {MaxBodyBytes} bytes.");
        }

        if (!StructureRequest.TryRead(body, structuring.Value.MaxBatchItems, out IReadOnlyList<string> texts, out IDictionary<string, string[]> errors))
        {
            return await FunctionsResponses.ProblemAsync(request, HttpStatusCode.BadRequest, "The structuring request is not valid", "See errors.", errors);
        }

        if (services.GetService<IModelEndpoint>() is null)
        {
            return await FunctionsResponses.ProblemAsync(request, HttpStatusCode.ServiceUnavailable, "No model platform", "No model platform is configured (Anyscale:Token), so there is no model to answer.");
        }

        try
        {
            return await FunctionsResponses.JsonAsync(request, HttpStatusCode.OK, await services.GetRequiredService<FeedbackStructurer>().StructureAsync(texts));
        }
        catch (ModelUnavailableException e)
        {
            return await FunctionsResponses.ProblemAsync(request, HttpStatusCode.ServiceUnavailable, "Model unavailable", e.Message);
        }
    }
}
