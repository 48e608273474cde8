using Feedback.Pipeline.Intake;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Api.Http;

/// <summary>Reads request bodies with a size limit, so no route buffers more than it accepts.</summary>
internal static class RequestBody
{
    /// <summary>Reads the body; a 413 ProblemDetails once it passes <paramref name="maxBytes"/> (checked on the header first, then while reading).</summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        byte[]? body = await BoundedBody.ReadAsync(request.Body, request.ContentLength, maxBytes, cancellationToken);
        return body is null ? (null, TooLarge(maxBytes)) : (body, null);
    }

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"The body may be at most {maxBytes} bytes.");
}
