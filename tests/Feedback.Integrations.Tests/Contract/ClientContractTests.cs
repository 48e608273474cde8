using System.Net;
using System.Text.Json.Nodes;
using Feedback.Emulator;
using Feedback.Integrations.Anyscale;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Integrations.Tests.Contract;

/// <summary>
/// The client against the real API's shapes (Contract/Fixtures): it parses the platform's answers, and what it sends has
/// the real requests' fields, required ones included, and nothing else.
/// </summary>
public sealed class ClientContractTests : IDisposable
{
    private const string JobName = "viggo-ft-dd0a3f9699dd5472-a1";
    private readonly FixtureHandler _platform = new();
    private readonly ServiceProvider _services;

    public ClientContractTests()
    {
        _services = Services(_platform);
    }

    /// <summary>The client wired by configuration, as the product wires it, with <paramref name="platform"/> answering for Anyscale.</summary>
    private static ServiceProvider Services(HttpMessageHandler platform)
    {
        Dictionary<string, string?> settings = EmulatorDefaults.ClientSettings("https://console.anyscale.com", "cli-token-0123456789", "prj_7ahgxuemwnxfwqf8hagyvzq4ja");
        settings["Anyscale:MaxRetries"] = "0";
        return new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IObjectStore>(new global::Feedback.Integrations.Storage.FileSystemObjectStore(Directory.CreateTempSubdirectory("contract-").FullName))
            .AddAnyscale(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => platform))
            .BuildServiceProvider();
    }

    private AnyscaleClient Client => _services.GetRequiredService<AnyscaleClient>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task GetJob_RealJobShapeAnswered202_ParsesStateAndFinishTime()
    {
        _platform.Answer(HttpMethod.Get, "/ext/v0/production_jobs/", Fixtures.Status("job.response.json"), Fixtures.Body("job.response.json"));

        ComputeJob job = await Client.GetJobAsync("prodjob_jurfnb5tebn76rtm1jiev1des7");

        Assert.Equal("prodjob_jurfnb5tebn76rtm1jiev1des7", job.Id);
        Assert.Equal(JobPhase.Succeeded, job.Phase);
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T10:00:00+00:00"), job.CreatedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T12:14:00+00:00"), job.FinishedAt);
        Assert.Equal("/ext/v0/production_jobs/prodjob_jurfnb5tebn76rtm1jiev1des7", _platform.Requests.Single().PathAndQuery);
        Assert.Equal("Bearer cli-token-0123456789", _platform.Requests.Single().Authorization);
    }

    [Fact]
    public async Task FindJob_ListWithSameAndLongerNames_TakesTheNewestExactName()
    {
        _platform.Answer(HttpMethod.Get, "/api/v2/decorated_ha_jobs/", 200, Fixtures.Body("job-list.response.json"));

        ComputeJob? job = await Client.FindJobAsync(JobName);

        Assert.Equal("prodjob_jurfnb5tebn76rtm1jiev1des7", job!.Id);
        string query = _platform.Requests.Single().PathAndQuery;
        Assert.StartsWith("/api/v2/decorated_ha_jobs/?name=viggo-ft-dd0a3f9699dd5472-a1&count=", query, StringComparison.Ordinal);
        Assert.Contains("&project_id=prj_7ahgxuemwnxfwqf8hagyvzq4ja", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindJob_SecondPage_FollowsThePagingToken()
    {
        JsonObject first = (JsonObject)Fixtures.Body("job-list.response.json").DeepClone();
        JsonArray items = (JsonArray)first["results"]!;
        JsonNode wanted = items[1]!.DeepClone();
        items.RemoveAt(1);
        first["metadata"]!["next_paging_token"] = "page-2";
        var handler = new PagingHandler(first, new JsonObject { ["results"] = new JsonArray(wanted), ["metadata"] = new JsonObject { ["total"] = 3, ["next_paging_token"] = null } });
        using ServiceProvider services = Services(handler);

        ComputeJob? job = await services.GetRequiredService<AnyscaleClient>().FindJobAsync(JobName);

        Assert.Equal("prodjob_jurfnb5tebn76rtm1jiev1des7", job!.Id);
        Assert.Contains("paging_token=page-2", handler.Seen[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetService_RealServiceShape_ReadsVersionsByTheirLabels()
    {
        _platform.Answer(HttpMethod.Get, "/api/v2/services-v2/", 200, Fixtures.Body("service.response.json"));

        ServiceInfo service = await Client.GetServiceAsync("service2_uz6l8yhy2as5wrer3shzj6kh67");

        Assert.Equal(ServicePhase.RollingOut, service.State);
        Assert.Equal("ds-c82cf2b7a948ffc6", service.Primary!.Version);
        Assert.Equal(100, service.Primary.Weight);
        Assert.Equal("ds-dd0a3f9699dd5472", service.Canary!.Version);
        Assert.Equal(0, service.Canary.TargetWeight);
        Assert.True(ServiceReadiness.CanaryRunning(service, ServingVersions.LabelOf("mistralai/Mistral-7B-Instruct-v0.1:ds-dd0a3f9699dd5472")).Ready);
        Assert.False(ServiceReadiness.CanaryRunning(service, "ds-another").Ready);
    }

    [Fact]
    public async Task FindService_SubstringMatchesFromTheFilter_KeepsOnlyTheExactName()
    {
        JsonObject viggo = (JsonObject)Fixtures.Body("service.response.json")["result"]!;
        JsonObject longer = (JsonObject)viggo.DeepClone();
        longer["name"] = "viggo-staging";
        longer["id"] = "service2_other";
        JsonObject otherProject = (JsonObject)viggo.DeepClone();
        otherProject["project_id"] = "prj_someone_else";
        otherProject["id"] = "service2_elsewhere";
        _platform.Answer(HttpMethod.Get, "/api/v2/services-v2/", 200, new JsonObject
        {
            ["results"] = new JsonArray(longer, otherProject, viggo.DeepClone()),
            ["metadata"] = new JsonObject { ["total"] = 3, ["next_paging_token"] = null },
        });

        ServiceInfo? found = await Client.FindServiceAsync("viggo");

        Assert.Equal("service2_uz6l8yhy2as5wrer3shzj6kh67", found!.Id);
    }

    [Fact]
    public async Task SubmitJob_Body_HasTheRealRequestsFieldsAndNothingElse()
    {
        _platform.Answer(HttpMethod.Get, "/api/v2/decorated_ha_jobs/", 200, new JsonObject { ["results"] = new JsonArray(), ["metadata"] = new JsonObject { ["total"] = 0, ["next_paging_token"] = null } });
        _platform.Answer(HttpMethod.Post, "/api/v2/decorated_ha_jobs/create", Fixtures.Status("job.response.json"), Fixtures.Body("job.response.json"));
        FineTuneRequest prepared = await _services.GetRequiredService<IFineTuneJobs>().PrepareAsync("dd0a3f9699dd5472", FineTunePolicy.Default);
        // The filesystem store locates a file:// package; the real platform gets the bucket's s3:// URI.
        var submission = new JobSubmission(JobName, prepared.Entrypoint, "s3://feedback-bucket/jobs/pkg_5f0c6d1e.zip", prepared.EnvironmentVariables);

        ComputeJob job = await Client.SubmitJobAsync(submission);

        var create = _platform.Requests.Single(r => r.Method == HttpMethod.Post);
        Assert.Equal("/api/v2/decorated_ha_jobs/create", create.PathAndQuery);
        Assert.Equal("application/json", create.ContentType);
        Fixtures.AssertOnlyKnownFields(Fixtures.Body("create-job.request.json"), create.Body, "create job");
        Fixtures.AssertRequiredPresent(Fixtures.Required("create-job.request.json"), create.Body!);
        Assert.Equal(EmulatorDefaults.FineTuneBuildId, (string?)create.Body!["config"]!["build_id"]);
        Assert.Equal(EmulatorDefaults.FineTuneComputeConfigId, (string?)create.Body["config"]!["compute_config_id"]);
        Assert.Equal(0, (int?)create.Body["config"]!["max_retries"]);
        Assert.Equal("llmforge dev finetune finetune.yaml --model-tag=mistralai/Mistral-7B-Instruct-v0.1:ds-dd0a3f9699dd5472 --forward-best-checkpoint-remote-uri=" +
            _services.GetRequiredService<IObjectStore>().Locate("models/checkpoints").AbsoluteUri + "/", (string?)create.Body["config"]!["entrypoint"]);
        Assert.Equal("prodjob_jurfnb5tebn76rtm1jiev1des7", job.Id);
    }

    [Fact]
    public async Task ApplyService_Body_HasTheRealRequestsFieldsAndARayServeLlmConfig()
    {
        _platform.Answer(HttpMethod.Put, "/api/v2/services-v2/apply", Fixtures.Status("service.response.json"), Fixtures.Body("service.response.json"));
        ServedModel challenger = new("mistralai/Mistral-7B-Instruct-v0.1:ds-dd0a3f9699dd5472", "mistralai/Mistral-7B-Instruct-v0.1", "ds-dd0a3f9699dd5472", "s3://feedback-bucket/models/serving/ds-dd0a3f9699dd5472/");

        await Client.ApplyServiceAsync(new ServiceSpec("viggo", challenger, CanaryPercent: 0));
        await Client.ApplyServiceAsync(new ServiceSpec("viggo", challenger));

        JsonNode canary = _platform.Requests[0].Body!;
        Fixtures.AssertOnlyKnownFields(Fixtures.Body("apply-service.request.json"), canary, "apply");
        Fixtures.AssertRequiredPresent(Fixtures.Required("apply-service.request.json"), canary);
        Assert.Equal(0, (int?)canary["canary_percent"]);
        Assert.Equal("ds-dd0a3f9699dd5472", (string?)canary["version"]);
        Assert.Equal(EmulatorDefaults.ServingBuildId, (string?)canary["build_id"]);
        JsonNode llm = canary["ray_serve_config"]!["applications"]![0]!["args"]!["llm_configs"]![0]!;
        Assert.Equal("mistralai/Mistral-7B-Instruct-v0.1", (string?)llm["model_loading_config"]!["model_id"]);
        Assert.Equal("s3://feedback-bucket/models/serving/ds-dd0a3f9699dd5472/", (string?)llm["lora_config"]!["dynamic_lora_loading_path"]);
        Assert.Equal((int?)llm["engine_kwargs"]!["max_loras"], (int?)llm["lora_config"]!["max_num_adapters_per_replica"]);
        // A create sends no canary percent: the platform ignores it there.
        Assert.False(((JsonObject)_platform.Requests[1].Body!).ContainsKey("canary_percent"));
    }

    [Fact]
    public async Task RollbackService_UsesTheV2RouteWithItsBody_ThenReadsTheService()
    {
        _platform.Answer(HttpMethod.Post, "/api/v2/services-v2/service2_uz6l8yhy2as5wrer3shzj6kh67/rollback", 202, new JsonObject());
        _platform.Answer(HttpMethod.Get, "/api/v2/services-v2/", 200, Fixtures.Body("service.response.json"));

        await Client.RollbackServiceAsync("service2_uz6l8yhy2as5wrer3shzj6kh67");

        var rollback = _platform.Requests[0];
        Assert.Equal("/api/v2/services-v2/service2_uz6l8yhy2as5wrer3shzj6kh67/rollback", rollback.PathAndQuery);
        Fixtures.AssertOnlyKnownFields(Fixtures.Body("rollback.request.json"), rollback.Body, "rollback");
        Assert.True(((JsonObject)rollback.Body!).ContainsKey("max_surge_percent"));
        Assert.Equal(HttpMethod.Get, _platform.Requests[1].Method);
    }

    [Fact]
    public async Task SubmitJob_ValidationErrorAnswered_FailsWithItsDetailAndLooksNothingUp()
    {
        _platform.Answer(HttpMethod.Get, "/api/v2/decorated_ha_jobs/", 200, new JsonObject { ["results"] = new JsonArray(), ["metadata"] = new JsonObject { ["total"] = 0, ["next_paging_token"] = null } });
        _platform.Answer(HttpMethod.Post, "/api/v2/decorated_ha_jobs/create", Fixtures.Status("validation-error.response.json"), Fixtures.Body("validation-error.response.json"));

        var error = await Assert.ThrowsAsync<AnyscaleException>(() => Client.SubmitJobAsync(new JobSubmission(JobName, "llmforge", "s3://b/jobs/pkg_1.zip", new Dictionary<string, string>())));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Contains("field required", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _platform.Requests.Count(r => r.Method == HttpMethod.Get));
    }

    private sealed class PagingHandler(JsonObject first, JsonObject second) : HttpMessageHandler
    {
        public List<string> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add(request.RequestUri!.PathAndQuery);
            JsonObject page = request.RequestUri.Query.Contains("paging_token=", StringComparison.Ordinal) ? second : first;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page.ToJsonString(), System.Text.Encoding.UTF8, "application/json") });
        }
    }
}
