using System.Net;
using System.Text;
using System.Text.Json;
using Feedback.Api;
using Feedback.Api.Http;
using Feedback.Functions.Http;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Reading;
using Feedback.Pipeline.Structuring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Tests;

/// <summary>The Functions app's read routes, answered by the same service as the self-hosted runtime's.</summary>
public sealed class ReadFunctionsTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("feedback-read-functions-");
    private FileSystemObjectStore _store = null!;
    private DurableTaskTestHost _durable = null!;

    public async Task InitializeAsync()
    {
        _store = new FileSystemObjectStore(_root.FullName);
        _durable = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions());
    }

    public async Task DisposeAsync() => await _durable.DisposeAsync();

    public void Dispose() => _root.Delete(recursive: true);

    private ApiFunctions Functions()
    {
        ServiceProvider services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new FeedbackReads(_store, new ModelRegistry(_store)))
            .AddSingleton(_durable.Client)
            .AddFeedbackHttpApi(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        return new ApiFunctions(Options.Create(new ApiOptions()), Options.Create(new StructuringOptions()), services);
    }

    private static async Task<HttpAnswer> GetAsync(string path, Func<HttpRequest, Task<IActionResult>> function)
    {
        HttpRequest request = FunctionsHttp.Request("GET", $"https://feedback.example{path}");
        return await FunctionsHttp.AnswerAsync(request, await function(request));
    }

    [Fact]
    public async Task GetModels_AfterAPromotion_ReturnsTheRegistryWithTheChampion()
    {
        var registry = new ModelRegistry(_store);
        await registry.RegisterChallengerAsync(new RegisteredModel("m:ds-v1", "v1", "job", ModelState.Challenger, DateTimeOffset.UtcNow));
        await registry.PromoteAsync("m:ds-v1", null, "rollout-1", "better", DateTimeOffset.UtcNow);

        HttpAnswer response = await GetAsync("/api/models", Functions().GetModels);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("m:ds-v1", response.Json.GetProperty("champion").GetString());
    }

    [Fact]
    public async Task GetLatestDataset_NoVersionYet_Is404Problem()
    {
        HttpAnswer response = await GetAsync("/api/datasets/latest", Functions().GetLatestDataset);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No dataset version yet", response.Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task GetReport_WrittenReport_IsServedAndAPathOutsideReportsIsNot()
    {
        await _store.WriteAsync("reports/rollout-1/report.md", new MemoryStream(Encoding.UTF8.GetBytes("# Rollout rollout-1: promoted")));

        HttpAnswer found = await GetAsync("/api/reports/rollout-1/report.md", r => Functions().GetReport(r, "rollout-1", "report.md"));
        HttpAnswer outside = await GetAsync("/api/reports/../registry/models.json", r => Functions().GetReport(r, "..", "report.md"));
        HttpAnswer latest = await GetAsync("/api/reports/latest", Functions().GetLatestReport);

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.StartsWith("# Rollout rollout-1", found.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, latest.StatusCode);
    }

    [Fact]
    public async Task GetHealth_DurableBackendAnswers_IsHealthy()
    {
        HttpAnswer response = await GetAsync("/api/health", Functions().GetHealth);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", response.Json.GetProperty("status").GetString());
    }
}
