using System.Net;
using System.Text.Json;
using Feedback.Api.Http;
using Feedback.Emulator;
using Feedback.Functions.Http;
using Feedback.Integrations;
using Feedback.Pipeline;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Structuring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Tests;

/// <summary>The Functions app's feedback routes with the app's own registrations, against the Anyscale emulator and a filesystem store.</summary>
public sealed class FeedbackFunctionsTests : IAsyncLifetime
{
    private const string Token = "functions-test-token-012";
    private const string Service = "viggo-functions";
    private const string BaseModel = "mistralai/Mistral-7B-Instruct-v0.1";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-functions-");
    private WebApplication _emulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorApp.StartInProcessAsync(Token, Path.Combine(_work.FullName, "artifacts"), serviceStartDelay: TimeSpan.FromMilliseconds(50));
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ObjectStore:Root"] = Path.Combine(_work.FullName, "store"),
            ["Anyscale:BaseUrl"] = _emulator.Urls.First(),
            ["Anyscale:Token"] = Token,
            ["Anyscale:ProjectId"] = "prj_feedback",
            ["Anyscale:FineTuneBuildId"] = Feedback.Emulator.EmulatorDefaults.FineTuneBuildId,
            ["Anyscale:FineTuneComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId,
            ["Anyscale:ServingBuildId"] = Feedback.Emulator.EmulatorDefaults.ServingBuildId,
            ["Anyscale:ServingComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId,
            ["ModelUpdate:ServiceName"] = Service,
            ["Structuring:MaxBatchItems"] = "4",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddFeedbackPipeline(configuration).AddObjectStore(configuration).AddAnyscale(configuration)
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
        _work.Delete(recursive: true);
    }

    private ApiFunctions Functions => new(Options.Create(new ApiOptions()), _services.GetRequiredService<IOptions<StructuringOptions>>(), _services);

    [Fact]
    public async Task PostFeedback_SameIdempotencyKeyTwice_Returns202Then200AndStoresOnce()
    {
        const string body = """[{"text":"Is Portal 2 on Steam?"},{"text":"Hades is a great roguelike"}]""";

        HttpAnswer first = await CallAsync(Functions.PostFeedback, "feedback", body, ("Idempotency-Key", "batch-7"));
        HttpAnswer second = await CallAsync(Functions.PostFeedback, "feedback", body, ("Idempotency-Key", "batch-7"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        JsonElement stored = JsonDocument.Parse(first.Body).RootElement;
        Assert.Equal(2, stored.GetProperty("accepted").GetInt32());
        Assert.True(JsonDocument.Parse(second.Body).RootElement.GetProperty("replayed").GetBoolean());
        var keys = new List<string>();
        await foreach (StoredObject o in _services.GetRequiredService<IObjectStore>().ListAsync("sources/api/"))
        {
            keys.Add(o.Key);
        }

        Assert.Equal([stored.GetProperty("key").GetString()!], keys);
    }

    [Fact]
    public async Task PostFeedback_BadItem_Returns400ProblemNamingItAndStoresNothing()
    {
        HttpAnswer response = await CallAsync(Functions.PostFeedback, "feedback", """[{"text":"fine"},{"text":""}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("[1]", out _));
        await foreach (StoredObject _ in _services.GetRequiredService<IObjectStore>().ListAsync("sources/"))
        {
            Assert.Fail("nothing should be stored");
        }
    }

    [Fact]
    public async Task StructureFeedback_BaseModelOnTheEmulator_ReturnsItsAnswerWithTheModelId()
    {
        IComputePlatform platform = _services.GetRequiredService<IComputePlatform>();
        await platform.ApplyServiceAsync(new ServiceSpec(Service, _services.GetRequiredService<IFineTuneJobs>().Describe(BaseModel)));
        await Wait.UntilAsync(async () => (await platform.FindServiceAsync(Service))?.Primary?.State == ServicePhase.Running, TimeSpan.FromSeconds(10), "the service's primary to run");

        HttpAnswer response = await CallAsync(Functions.StructureFeedback, "feedback/structure", """{"texts":["Have you played Myst?","Is Hades fun?"]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement body = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(BaseModel, body.GetProperty("modelId").GetString());
        Assert.Equal(2, body.GetProperty("items").GetArrayLength());
        Assert.All(body.GetProperty("items").EnumerateArray(), i => Assert.False(string.IsNullOrEmpty(i.GetProperty("mr").GetString())));
    }

    [Theory]
    [InlineData("""{"texts":["a","b","c","d","e"]}""", "texts")]
    [InlineData("""{"text":""}""", "text")]
    [InlineData("""not json""", "body")]
    public async Task StructureFeedback_BadBody_Returns400Problem(string body, string field)
    {
        HttpAnswer response = await CallAsync(Functions.StructureFeedback, "feedback/structure", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(response.Body).RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task StructureFeedback_NoServiceDeployed_Returns503Problem()
    {
        HttpAnswer response = await CallAsync(Functions.StructureFeedback, "feedback/structure", """{"text":"Is Myst fun?"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    private static async Task<HttpAnswer> CallAsync(Func<HttpRequest, Task<IActionResult>> function, string route, string body, params (string Name, string Value)[] headers)
    {
        HttpRequest request = FunctionsHttp.Request("POST", $"http://localhost/api/{route}", body, headers);
        return await FunctionsHttp.AnswerAsync(request, await function(request));
    }
}
