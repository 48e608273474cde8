using System.Text.Json;
using Feedback.Api.Reads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feedback.Api.Tests;

public sealed class HealthEndpointTests
{
    [Theory]
    [InlineData(true, 200, "Healthy")]
    [InlineData(false, 503, "Unhealthy")]
    public async Task GetAsync_CheckResult_AnswersItsStatusWithTheSameBodyShape(bool healthy, int status, string name)
    {
        await using ServiceProvider services = new ServiceCollection().AddLogging()
            .AddHealthChecks().AddCheck("durable", () => healthy ? HealthCheckResult.Healthy("answers") : HealthCheckResult.Unhealthy("does not answer")).Services
            .BuildServiceProvider();
        var request = Requests.Make("GET", "https://feedback.example/api/health");

        var answer = await Requests.RunAsync((await HealthEndpoint.GetAsync(services.GetRequiredService<HealthCheckService>(), CancellationToken.None)).Result, request);

        Assert.Equal(status, answer.Status);
        JsonElement body = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(name, body.GetProperty("status").GetString());
        Assert.Equal(name, body.GetProperty("checks").GetProperty("durable").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Page_Served_HasTheContentSecurityPolicyAndNoExternalResources()
    {
        var request = Requests.Make("GET", "https://feedback.example/api/dashboard");

        var answer = await Requests.RunAsync(DashboardEndpoint.Page(request.HttpContext.Response), request);

        Assert.Equal(200, answer.Status);
        Assert.Equal(DashboardEndpoint.ContentSecurityPolicy, request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString());
        Assert.DoesNotContain("https://", answer.Body, StringComparison.Ordinal);
    }
}
