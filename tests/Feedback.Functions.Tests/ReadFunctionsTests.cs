using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core.Serialization;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Reading;
using Microsoft.DurableTask.Testing;

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

    private ReadFunctions Functions() => new(new FeedbackReads(_store, new ModelRegistry(_store)));

    private static FakeHttpRequestData Get(string path) =>
        new(new FakeFunctionContext(new JsonObjectSerializer(PipelineJson.Options)), new Uri($"https://feedback.example{path}"), null);

    [Fact]
    public async Task GetModels_AfterAPromotion_ReturnsTheRegistryWithTheChampion()
    {
        var registry = new ModelRegistry(_store);
        await registry.RegisterChallengerAsync(new RegisteredModel("m:ds-v1", "v1", "job", ModelState.Challenger, DateTimeOffset.UtcNow));
        await registry.PromoteAsync("m:ds-v1", null, "rollout-1", "better", DateTimeOffset.UtcNow);

        var response = (FakeHttpResponseData)await Functions().GetModels(Get("/api/models"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("m:ds-v1", JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("champion").GetString());
    }

    [Fact]
    public async Task GetLatestDataset_NoVersionYet_Is404Problem()
    {
        var response = (FakeHttpResponseData)await Functions().GetLatestDataset(Get("/api/datasets/latest"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No dataset version yet", JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task GetReport_WrittenReport_IsServedAndAPathOutsideReportsIsNot()
    {
        await _store.WriteAsync("reports/rollout-1/report.md", new MemoryStream(Encoding.UTF8.GetBytes("# Rollout rollout-1: promoted")));

        var found = (FakeHttpResponseData)await Functions().GetReport(Get("/api/reports/rollout-1/report.md"), "rollout-1", "report.md");
        var outside = (FakeHttpResponseData)await Functions().GetReport(Get("/api/reports/../registry/models.json"), "..", "report.md");
        var latest = (FakeHttpResponseData)await Functions().GetLatestReport(Get("/api/reports/latest"));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.StartsWith("# Rollout rollout-1", found.ReadBody(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, latest.StatusCode);
    }

    [Fact]
    public async Task GetHealth_DurableBackendAnswers_IsHealthy()
    {
        var response = (FakeHttpResponseData)await Functions().GetHealth(Get("/api/health"), _durable.Client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("status").GetString());
    }
}
