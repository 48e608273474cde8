using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Api.Reads;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI document of the product's routes, the same from both runtimes. It is
/// the self-hosted runtime's generated document (<c>/openapi/v1.json</c>), kept in the source tree; a test fails when
/// the two differ and says how to refresh it, so the document cannot drift from the routes.
/// </summary>
public static class OpenApiEndpoint
{
    private const string DocumentResource = "Feedback.Api.OpenApi.feedback.openapi.json";

    /// <summary>The document's path in the repository, from the repository root.</summary>
    public const string SourcePath = "src/Feedback.Api/OpenApi/feedback.openapi.json";

    /// <summary>Answers the route.</summary>
    public static FileStreamHttpResult Document() =>
        TypedResults.Stream(OpenDocument(), "application/json; charset=utf-8");

    /// <summary>Opens the embedded document.</summary>
    public static Stream OpenDocument() =>
        typeof(OpenApiEndpoint).Assembly.GetManifestResourceStream(DocumentResource)
            ?? throw new InvalidOperationException($"The OpenAPI document ({DocumentResource}) is not embedded.");
}
