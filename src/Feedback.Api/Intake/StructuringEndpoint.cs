using Feedback.Api.Http;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Structuring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Api.Intake;

/// <summary>
/// <c>POST /api/feedback/structure</c>: text in, a ViGGO MR out, from the model in production.
/// Send <c>{"text": "…"}</c> or <c>{"texts": [...]}</c> (at most <c>Structuring:MaxBatchItems</c>); the
/// answer holds one item per text, in order, with the MR string, its parsed form, the model id and a
/// validity flag. A body that is not valid is a 400 ValidationProblem; a model that cannot be
/// reached, or no model platform at all, is a 503.
/// </summary>
public static class StructuringEndpoint
{
    /// <summary>Answers the route.</summary>
    /// <param name="request">The request.</param>
    /// <param name="services">The services (the model endpoint is there when a model platform is configured).</param>
    /// <param name="structuring">The structuring options (batch limit).</param>
    /// <param name="options">The HTTP options (body limit).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<StructureResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpRequest request,
        IServiceProvider services,
        StructuringOptions structuring,
        ApiOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(structuring);
        ArgumentNullException.ThrowIfNull(options);
        (byte[]? body, ProblemHttpResult? tooLarge) = await RequestBody.ReadAsync(request, options.MaxPayloadBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (!StructureRequest.TryRead(body, structuring.MaxBatchItems, out IReadOnlyList<string> texts, out IDictionary<string, string[]> errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The structuring request is not valid");
        }

        if (services.GetService<IModelEndpoint>() is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No model platform", detail: "No model platform is configured (Anyscale:Token), so there is no model to answer.");
        }

        try
        {
            return TypedResults.Ok(await services.GetRequiredService<FeedbackStructurer>().StructureAsync(texts, cancellationToken));
        }
        catch (ModelUnavailableException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Model unavailable", detail: e.Message);
        }
    }
}
