using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Api.Reads;

namespace Feedback.Host.Tests;

/// <summary>
/// The OpenAPI document both runtimes serve at <c>/api/openapi.json</c> is the self-hosted runtime's generated one, so
/// it cannot drift from the routes. To refresh it after changing a route:
/// <c>FEEDBACK_UPDATE_OPENAPI=1 dotnet test tests/Feedback.Host.Tests --filter OpenApiDocumentTests</c>.
/// </summary>
public sealed class OpenApiDocumentTests(InMemoryRuntimeFixture fixture) : IClassFixture<InMemoryRuntimeFixture>
{
    private RuntimeUnderTest Runtime => fixture.Runtime;

    [Fact]
    public async Task Committed_AfterTheRoutesChanged_IsTheRuntimesGeneratedDocument()
    {
        string generated = Normalize(await Runtime.Http.GetStringAsync("/openapi/v1.json"));
        string path = Path.Combine(RepositoryPaths.Root, OpenApiEndpoint.SourcePath);
        if (Environment.GetEnvironmentVariable("FEEDBACK_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, generated);
        }

        string committed = Normalize(await File.ReadAllTextAsync(path));
        Assert.True(
            committed == generated,
            $"{OpenApiEndpoint.SourcePath} is not the runtime's document. Refresh it: FEEDBACK_UPDATE_OPENAPI=1 dotnet test tests/Feedback.Host.Tests --filter OpenApiDocumentTests");
    }

    [Fact]
    public async Task ServedAtApiOpenApiJson_ByTheRuntime_IsTheCommittedDocumentWithEveryProductRoute()
    {
        using HttpResponseMessage response = await Runtime.Http.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/orchestrators/{name}/{instanceId}", paths);
        Assert.Contains("/api/instances", paths);
        Assert.Contains("/api/feedback", paths);
        Assert.Contains("/api/feedback/structure", paths);
        Assert.Contains("/api/models", paths);
        Assert.Contains("/api/health", paths);
        Assert.Contains("/runtime/webhooks/durabletask/instances/{instanceId}", paths);
    }

    [Fact]
    public async Task Dashboard_AtBothPaths_IsTheSamePageAndListsInstancesFromApiInstances()
    {
        string page = await Runtime.Http.GetStringAsync("/dashboard");
        string underApi = await Runtime.Http.GetStringAsync("/api/dashboard");

        Assert.Equal(page, underApi);
        Assert.Contains("/api/instances?top=200", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/runtime/webhooks", page, StringComparison.Ordinal);
        using HttpResponseMessage instances = await Runtime.Http.GetAsync("/api/instances?top=abc");
        Assert.Equal(HttpStatusCode.BadRequest, instances.StatusCode);
    }

    /// <summary>The document without its <c>servers</c> (they name the port the runtime listens on), indented the same way.</summary>
    private static string Normalize(string json)
    {
        JsonObject document = JsonNode.Parse(json)!.AsObject();
        document.Remove("servers");
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
    }
}
