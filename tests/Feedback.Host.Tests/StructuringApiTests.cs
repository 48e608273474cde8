using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Emulator;
using Feedback.Integrations;
using Feedback.Integrations.Anyscale;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Host.Tests;

/// <summary>
/// A runtime with a champion made the product's way: the curated set through the intake API, a data
/// update by hand, a model update forced past the gate against the emulator (fine-tune, canary, rollout, promotion).
/// </summary>
public sealed class ChampionRuntimeFixture : IAsyncLifetime
{
    /// <summary>The emulator's platform token.</summary>
    public const string Token = "structuring-test-token-01";

    /// <summary>The service the champion serves on.</summary>
    public const string Service = "viggo-structuring";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-structuring-");
    private WebApplication _emulator = null!;

    /// <summary>The runtime.</summary>
    public RuntimeUnderTest Runtime { get; private set; } = null!;

    /// <summary>The intake's answer for the curated set.</summary>
    public JsonElement Intake { get; private set; }

    /// <summary>The data update that ingested it.</summary>
    public DataUpdateResult Version { get; private set; } = null!;

    /// <summary>The forced model update.</summary>
    public ModelUpdateResult ModelUpdate { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _emulator = await EmulatorApp.StartInProcessAsync(Token, Path.Combine(_work.FullName, "artifacts"), jobStepDelay: TimeSpan.FromMilliseconds(200), serviceStartDelay: TimeSpan.FromMilliseconds(100));
        Runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "InMemory",
            ["ObjectStore:Root"] = Path.Combine(_work.FullName, "store"),
            ["Anyscale:BaseUrl"] = _emulator.Urls.First(),
            ["Anyscale:Token"] = Token,
            ["Anyscale:ProjectId"] = "prj_feedback",
            ["Anyscale:FineTuneBuildId"] = Feedback.Emulator.EmulatorDefaults.FineTuneBuildId,
            ["Anyscale:FineTuneComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId,
            ["Anyscale:ServingBuildId"] = Feedback.Emulator.EmulatorDefaults.ServingBuildId,
            ["Anyscale:ServingComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId,
            ["ModelUpdate:ServiceName"] = Service,
            ["ModelUpdate:FirstPoll"] = "00:00:00.200",
            ["ModelUpdate:MaxPoll"] = "00:00:00.500",
            ["Structuring:MaxBatchItems"] = "8",
        });
        IObjectStore objects = Runtime.Services.GetRequiredService<IObjectStore>();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await objects.WriteAsync("reference/test.jsonl", test);
        }

        var items = new JsonArray();
        foreach (string line in File.ReadLines(Path.Combine(RepositoryPaths.Data, "curated", "train-100.jsonl")))
        {
            items.Add(JsonNode.Parse(line));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = JsonContent.Create(items) };
        request.Headers.Add("x-functions-key", RuntimeUnderTest.ApiKey);
        request.Headers.Add("Idempotency-Key", "curated-100");
        using HttpResponseMessage accepted = await Runtime.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Intake = await accepted.Content.ReadFromJsonAsync<JsonElement>();

        DurableTaskClient client = Runtime.Services.GetRequiredService<DurableTaskClient>();
        Version = await RunAsync<DataUpdateResult>(client, nameof(DataUpdateOrchestration), null, DataUpdateOrchestration.SingletonInstanceId);
        ModelUpdate = await RunAsync<ModelUpdateResult>(client, nameof(ModelUpdateOrchestration),
            new DataTransformedEvent(Version.DatasetVersion!, Version.NewLabelledRecords, Version.TotalLabelledRecords, Force: true), "structuring-champion");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await _emulator.DisposeAsync();
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>The emulator's OpenAI-compatible endpoint of the service, as the platform hands it out.</summary>
    public async Task<(Uri BaseUrl, string Token)> ServiceEndpointAsync() =>
        (await Runtime.Services.GetRequiredService<AnyscaleClient>().GetServiceEndpointAsync(Service))!.Value;

    private static async Task<T> RunAsync<T>(DurableTaskClient client, string name, object? input, string id)
    {
        await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(name), input, new StartOrchestrationOptions(id));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{name}: {done.RuntimeStatus} {done.SerializedOutput} {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<T>()!;
    }
}

/// <summary>The structuring API, the intake's path into a dataset version, the OpenAPI document and the dashboard's routes.</summary>
public sealed class StructuringApiTests(ChampionRuntimeFixture fixture) : IClassFixture<ChampionRuntimeFixture>
{
    private RuntimeUnderTest Runtime => fixture.Runtime;

    private string Champion => fixture.ModelUpdate.FineTune!.ModelId;

    [Fact]
    public async Task PostFeedback_ThenDataUpdate_RecordsAppearInTheNextDatasetVersion()
    {
        Assert.Equal(100, fixture.Intake.GetProperty("accepted").GetInt32());
        Assert.Equal("new-version", WireNames.Of(fixture.Version.Outcome));
        Assert.Equal(100, fixture.Version.NewLabelledRecords);
        TaggedContent manifest = (await Runtime.Services.GetRequiredService<IObjectStore>().ReadTaggedAsync(StoreLayout.DatasetFile(fixture.Version.DatasetVersion!, "manifest.json")))!;
        DatasetManifest parsed = JsonSerializer.Deserialize<DatasetManifest>(manifest.Content, PipelineJson.Options)!;
        Assert.Equal(100, parsed.Sources.Single(s => s.Source == "api").NewLabelled);
        Assert.Equal("promoted", WireNames.Of(fixture.ModelUpdate.Outcome));
    }

    [Fact]
    public async Task Structure_OneText_ReturnsTheChampionsParsedValidMr()
    {
        using HttpResponseMessage response = await Runtime.SendAsync(HttpMethod.Post, "/api/feedback/structure",
            """{"text":"What is it about games released in 2005 that makes you think it's such a fantastic year?"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Champion, body.GetProperty("modelId").GetString());
        JsonElement item = Assert.Single(body.GetProperty("items").EnumerateArray().ToList());
        Assert.True(item.GetProperty("valid").GetBoolean(), item.ToString());
        Assert.Equal(Champion, item.GetProperty("modelId").GetString());
        string mr = item.GetProperty("mr").GetString()!;
        JsonElement parsed = item.GetProperty("parsed");
        Assert.StartsWith(parsed.GetProperty("dialogueAct").GetString() + "(", mr, StringComparison.Ordinal);
        foreach (JsonProperty attribute in parsed.GetProperty("attributes").EnumerateObject())
        {
            Assert.Contains(attribute.Name + "[", mr, StringComparison.Ordinal);
        }

        Assert.Equal(JsonValueKind.Null, item.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Structure_Batch_ReturnsOneItemPerTextInOrderWithListsAsArrays()
    {
        string[] texts =
        [
            "Dark Souls III is an excellent action role-playing game on PlayStation, Xbox and PC.",
            "Have you played Half-Life 2?",
            "I think Madden NFL 15 is a pretty average sports game.",
        ];

        using HttpResponseMessage response = await Runtime.SendAsync(HttpMethod.Post, "/api/feedback/structure", JsonSerializer.Serialize(new { texts }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement[] items = [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
        Assert.Equal(texts, items.Select(i => i.GetProperty("text").GetString()));
        Assert.All(items, i => Assert.Equal(Champion, i.GetProperty("modelId").GetString()));
        Assert.Contains(items, i => i.GetProperty("parsed").GetProperty("attributes").EnumerateObject().Any(a => a.Value.ValueKind == JsonValueKind.Array));
    }

    [Theory]
    [InlineData("""{"text":""}""", "text")]
    [InlineData("""{"text":"   \u0000  "}""", "text")]
    [InlineData("""{"text":42}""", "text")]
    [InlineData("""{"texts":[]}""", "texts")]
    [InlineData("""{"texts":["a","b","c","d","e","f","g","h","i"]}""", "texts")]
    [InlineData("""{"texts":["fine",""]}""", "texts[1]")]
    [InlineData("""{"texts":"not an array"}""", "texts")]
    [InlineData("""{"text":"a","texts":["b"]}""", "body")]
    [InlineData("""{}""", "body")]
    [InlineData("""["a"]""", "body")]
    [InlineData("""{"text": "unterminated""", "body")]
    public async Task Structure_BadBody_Returns400ProblemNamingTheField(string body, string field)
    {
        using HttpResponseMessage response = await Runtime.SendAsync(HttpMethod.Post, "/api/feedback/structure", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Structure_OversizedTextOrBody_Returns400Or413()
    {
        using HttpResponseMessage longText = await Runtime.SendAsync(HttpMethod.Post, "/api/feedback/structure", JsonSerializer.Serialize(new { text = new string('x', 4001) }));
        using HttpResponseMessage hugeBody = await Runtime.SendAsync(HttpMethod.Post, "/api/feedback/structure", JsonSerializer.Serialize(new { text = new string('x', 2_000_000) }));

        Assert.Equal(HttpStatusCode.BadRequest, longText.StatusCode);
        Assert.Contains("more than 4000", await longText.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeBody.StatusCode);
    }

    [Fact]
    public async Task Structure_MissingOrWrongKey_Returns401()
    {
        using var content = new StringContent("""{"text":"hello"}""", Encoding.UTF8, "application/json");
        using HttpResponseMessage missing = await Runtime.Http.PostAsync("/api/feedback/structure", content);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/feedback/structure") { Content = new StringContent("""{"text":"hello"}""", Encoding.UTF8, "application/json") };
        wrong.Headers.Add("x-functions-key", "not-the-key-0123456789");
        using HttpResponseMessage rejected = await Runtime.Http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    [Fact]
    public async Task Structure_OpenAiClientOnTheEmulatorAndRawHttpOnTheApi_GiveTheSameMr()
    {
        const string text = "Have you played Half-Life 2? It's a first person shooter from Valve.";
        (Uri baseUrl, string token) = await fixture.ServiceEndpointAsync();
        IChatClient openAi = OpenAiModelEndpoint.CreateChatClient(baseUrl, token, Champion, canary: false);
        ChatResponse direct = await openAi.GetResponseAsync(
            [new ChatMessage(ChatRole.System, Core.FineTuning.ViggoPrompt.System), new ChatMessage(ChatRole.User, text)],
            new ChatOptions { Temperature = 0 });

        using HttpResponseMessage response = await Runtime.SendAsync(HttpMethod.Post, "/api/feedback/structure", JsonSerializer.Serialize(new { text }));
        JsonElement item = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0];

        Assert.Equal(direct.Text.Trim(), item.GetProperty("mr").GetString());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheHostsRoutes()
    {
        JsonElement document = await Runtime.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        JsonElement paths = document.GetProperty("paths");
        foreach (string path in new[] { "/api/feedback/structure", "/api/feedback", "/api/models", "/api/datasets/latest", "/runtime/webhooks/durabletask/instances/{instanceId}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }
    }

    [Fact]
    public async Task DashboardRoutes_AfterAPromotion_ShowChampionDatasetAndReport()
    {
        JsonElement models = await Runtime.Http.GetFromJsonAsync<JsonElement>("/api/models");
        JsonElement dataset = await Runtime.Http.GetFromJsonAsync<JsonElement>("/api/datasets/latest");
        JsonElement report = await Runtime.Http.GetFromJsonAsync<JsonElement>("/api/reports/latest");
        using HttpResponseMessage html = await Runtime.Http.GetAsync(report.GetProperty("html").GetString());
        using HttpResponseMessage page = await Runtime.Http.GetAsync("/dashboard");
        using HttpResponseMessage traversal = await Runtime.Http.GetAsync("/api/reports/..%2Fregistry/report.html");

        Assert.Equal(Champion, models.GetProperty("champion").GetString());
        Assert.Equal(fixture.Version.DatasetVersion, dataset.GetProperty("version").GetString());
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("<html", await html.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }
}
