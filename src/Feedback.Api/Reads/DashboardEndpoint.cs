using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Api.Reads;

/// <summary>
/// <c>GET /api/dashboard</c> (and <c>/dashboard</c> on the self-hosted runtime): one self-contained page with no
/// external resources, calling the read routes and <c>/api/instances</c>. Opened with <c>?code=</c> on a Functions
/// app, it sends that function key with each call.
/// </summary>
public static class DashboardEndpoint
{
    private const string PageResource = "Feedback.Api.Dashboard.index.html";

    /// <summary>The content security policy of the page: nothing from outside the app.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'";

    /// <summary>Answers the route.</summary>
    /// <param name="response">The response (for the security policy header).</param>
    public static FileStreamHttpResult Page(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Stream page = typeof(DashboardEndpoint).Assembly.GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException($"The dashboard page ({PageResource}) is not embedded.");
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return TypedResults.Stream(page, "text/html; charset=utf-8");
    }
}
