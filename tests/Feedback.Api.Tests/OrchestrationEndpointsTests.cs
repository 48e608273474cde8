using System.Text.Json;
using Feedback.Api.Orchestrations;

namespace Feedback.Api.Tests;

public sealed class OrchestrationEndpointsTests
{
    [Theory]
    [InlineData("?top=abc", "Invalid page size")]
    [InlineData("?top=0", "Invalid page size")]
    [InlineData("?createdTimeFrom=yesterday", "Invalid time")]
    [InlineData("?showInput=maybe", "Invalid showInput")]
    [InlineData("?runtimeStatus=Sleeping", "Unknown runtime status")]
    public async Task ListFromQueryAsync_ValueThatDoesNotParse_Returns400ProblemNamingItBeforeAskingTheBackend(string query, string title)
    {
        var request = Requests.Make("GET", $"https://feedback.example/api/instances{query}");

        var answer = await Requests.RunAsync((await OrchestrationEndpoints.ListFromQueryAsync(request, new UnusedClient(), CancellationToken.None)).Result, request);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(title, JsonDocument.Parse(answer.Body).RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task StartAsync_UnknownOrchestration_Returns404ProblemListingTheKnownOnes()
    {
        var request = Requests.Make("POST", "https://feedback.example/api/orchestrators/Nope", "{}");

        var result = await OrchestrationEndpoints.StartAsync("Nope", null, request, new UnusedClient(), new Http.ApiOptions(), id => throw new InvalidOperationException("nothing starts"), CancellationToken.None);
        var answer = await Requests.RunAsync(result.Result, request);

        Assert.Equal(404, answer.Status);
        Assert.Contains("DataUpdateOrchestration", JsonDocument.Parse(answer.Body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ForRequest_InstanceIdWithReservedCharacters_EscapesItInEveryLink()
    {
        var request = Requests.Make("POST", "https://feedback.example:8443/api/orchestrators/x");

        CheckStatusResponse links = CheckStatusResponse.ForRequest(request, "a b/c");

        Assert.Equal("https://feedback.example:8443/runtime/webhooks/durabletask/instances/a%20b%2Fc", links.StatusQueryGetUri.AbsoluteUri);
        Assert.Equal("https://feedback.example:8443/runtime/webhooks/durabletask/instances/a%20b%2Fc/terminate?reason={text}", links.TerminatePostUri.OriginalString);
    }
}
