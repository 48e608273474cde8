using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Host.Api;

/// <summary>Reads request bodies with a size limit, so no route buffers more than it accepts.</summary>
internal static class RequestBody
{
    /// <summary>Reads the body; a 413 ProblemDetails once it passes <paramref name="maxBytes"/> (checked on the header first, then while reading).</summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > 0 && request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"The body may be at most {maxBytes} bytes.");
}
