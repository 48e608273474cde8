using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Feedback.Api.Http;

/// <summary>Requires the self-hosted runtime's API key on a route: 401 ProblemDetails when it is missing or wrong (a Functions app's host checks function keys itself).</summary>
/// <param name="options">The API options holding the key.</param>
internal sealed class ApiKeyFilter(IOptions<ApiKeyOptions> options) : IEndpointFilter
{
    /// <summary>The header clients send the key in, as for Azure Functions function keys.</summary>
    public const string HeaderName = "x-functions-key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpRequest request = context.HttpContext.Request;
        string? presented = request.Headers[HeaderName].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key required",
                detail: $"Send the API key in the '{HeaderName}' header.");
        }

        if (!KeysMatch(presented, options.Value.ApiKey))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key rejected",
                detail: $"The key in the '{HeaderName}' header is not valid.");
        }

        return await next(context);
    }

    private static bool KeysMatch(string presented, string expected)
    {
        byte[] a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        byte[] b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
