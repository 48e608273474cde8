using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Structuring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Api;

/// <summary>
/// <c>POST /api/feedback/structure</c>: text in, a ViGGO MR out, from the model in production.
/// Send <c>{"text": "…"}</c> or <c>{"texts": [...]}</c> (at most <c>Structuring:MaxBatchItems</c>); the
/// answer holds one item per text, in order, with the MR string, its parsed form, the model id and a
/// validity flag. A body that is not valid is a 400 ValidationProblem; a model that cannot be
/// reached is a 503.
/// </summary>
public static class StructuringApi
{
    /// <summary>Maps the route.</summary>
    /// <param name="app">The endpoint builder.</param>
    public static IEndpointRouteBuilder MapStructuringApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/feedback/structure", PostAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithName("StructureFeedback")
            .WithSummary("Structure feedback text into ViGGO meaning representations with the champion model.")
            .Accepts<StructureRequestBody>("application/json");
        return app;
    }

    private static async Task<Results<Ok<StructureResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpRequest request,
        IServiceProvider services,
        IOptions<StructuringOptions> options,
        IOptions<ApiOptions> api,
        CancellationToken cancellationToken)
    {
        (byte[]? body, ProblemHttpResult? tooLarge) = await RequestBody.ReadAsync(request, api.Value.MaxPayloadBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (!StructureRequest.TryRead(body, options.Value.MaxBatchItems, out IReadOnlyList<string> texts, out IDictionary<string, string[]> errors))
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
