using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Feedback.Emulator;
using Microsoft.AspNetCore.Builder;

namespace Feedback.Integrations.Tests.Contract;

/// <summary>
/// The emulator answers like the real API (Contract/Fixtures): the same envelopes, fields and status codes, and it refuses
/// what the real API refuses, in the real error shape. A client that would fail against Anyscale fails against it.
/// </summary>
[Collection(nameof(SharedEmulator))]
public sealed class EmulatorContractTests(EmulatorFixture emulator) : IDisposable
{
    private readonly HttpClient _http = Api(emulator.BaseUrl, EmulatorFixture.Token);

    public void Dispose() => _http.Dispose();

    private static HttpClient Api(Uri baseUrl, string token)
    {
        var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<string> PackageUriAsync()
    {
        var (job, _) = await emulator.PrepareFineTuneAsync($"contract-{Guid.NewGuid():N}"[..20], $"contract-{Guid.NewGuid():N}"[..16], "curated/train-100.jsonl");
        return job.WorkingDirectory;
    }

    private static JsonObject CreateJobBody(string workingDir, string name)
    {
        JsonObject body = (JsonObject)Fixtures.Body("create-job.request.json").DeepClone();
        body["name"] = name;
        body["project_id"] = null;
        body["config"]!["runtime_env"]!["working_dir"] = workingDir;
        body["config"]!["build_id"] = EmulatorDefaults.FineTuneBuildId;
        body["config"]!["compute_config_id"] = EmulatorDefaults.FineTuneComputeConfigId;
        return body;
    }

    private static JsonObject ApplyBody(string name)
    {
        JsonObject body = (JsonObject)Fixtures.Body("apply-service.request.json").DeepClone();
        body["name"] = name;
        body["build_id"] = EmulatorDefaults.ServingBuildId;
        body["compute_config_id"] = EmulatorDefaults.ServingComputeConfigId;
        body["project_id"] = null;
        return body;
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task CreateJob_RealRequest_Answers202WithTheRealJobShape()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v2/decorated_ha_jobs/create", CreateJobBody(await PackageUriAsync(), $"contract-create-{Guid.NewGuid():N}"));

        Assert.Equal(Fixtures.Status("job.response.json"), (int)status);
        JsonObject expected = (JsonObject)Fixtures.Body("job.response.json")["result"]!;
        Fixtures.AssertSameFields(Fixtures.Body("job.response.json"), body, "envelope");
        Fixtures.AssertSameFields(expected, body!["result"], "job");
        Fixtures.AssertSameFields((JsonObject)expected["state"]!, body["result"]!["state"], "job.state");
        Assert.StartsWith("prodjob_", (string?)body["result"]!["id"], StringComparison.Ordinal);
        Assert.Equal(EmulatorDefaults.ProjectId, (string?)body["result"]!["project_id"]);
        Assert.Equal(0, (int?)body["result"]!["config"]!["max_retries"]);
    }

    [Fact]
    public async Task ListJobs_Answers200WithTheRealEnvelope_AndItsNameFilterIsASubstring()
    {
        string name = $"contract-list-{Guid.NewGuid():N}";
        await SendAsync(HttpMethod.Post, "/api/v2/decorated_ha_jobs/create", CreateJobBody(await PackageUriAsync(), name + "-longer"));

        var (status, body) = await SendAsync(HttpMethod.Get, $"/api/v2/decorated_ha_jobs/?name={name.ToUpperInvariant()}&count=10", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Fixtures.AssertSameFields(Fixtures.Body("job-list.response.json"), body, "list");
        Fixtures.AssertSameFields((JsonObject)Fixtures.Body("job-list.response.json")["metadata"]!, body!["metadata"], "list.metadata");
        Assert.Equal(name + "-longer", (string?)Assert.Single((JsonArray)body["results"]!)!["name"]);
    }

    [Fact]
    public async Task ApplyService_RealRequest_Answers202WithTheRealServiceShape_AndIgnoresTheCanaryPercentOnCreate()
    {
        string name = $"contract-svc-{Guid.NewGuid():N}"[..24];
        JsonObject apply = ApplyBody(name);
        apply["canary_percent"] = 0;

        var (status, body) = await SendAsync(HttpMethod.Put, "/api/v2/services-v2/apply", apply);

        Assert.Equal(Fixtures.Status("service.response.json"), (int)status);
        JsonObject expected = (JsonObject)Fixtures.Body("service.response.json")["result"]!;
        Fixtures.AssertSameFields(expected, body!["result"], "service");
        Fixtures.AssertSameFields((JsonObject)expected["primary_version"]!, body["result"]!["primary_version"], "service.primary_version");
        Assert.Null(body["result"]!["canary_version"]);
        Assert.Equal(100, (int?)body["result"]!["primary_version"]!["weight"]);
        Assert.Equal("ds-dd0a3f9699dd5472", (string?)body["result"]!["primary_version"]!["version"]);
        Assert.False(((JsonObject)body["result"]!["primary_version"]!).ContainsKey("model_id"));
    }

    [Fact]
    public async Task ListServices_NameFilterIsACaseInsensitiveSubstring()
    {
        string name = $"contract-sub-{Guid.NewGuid():N}"[..24];
        await SendAsync(HttpMethod.Put, "/api/v2/services-v2/apply", ApplyBody(name + "-b"));

        var (status, body) = await SendAsync(HttpMethod.Get, $"/api/v2/services-v2/?name={name.ToUpperInvariant()}", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(name + "-b", (string?)Assert.Single((JsonArray)body!["results"]!)!["name"]);
    }

    [Fact]
    public async Task CreateJob_MissingBuildId_Answers422InTheRealValidationShape()
    {
        JsonObject body = CreateJobBody(await PackageUriAsync(), "contract-422");
        ((JsonObject)body["config"]!).Remove("build_id");

        var (status, answer) = await SendAsync(HttpMethod.Post, "/api/v2/decorated_ha_jobs/create", body);

        JsonObject expected = Fixtures.Body("validation-error.response.json");
        Assert.Equal(Fixtures.Status("validation-error.response.json"), (int)status);
        Fixtures.AssertSameFields(expected, answer, "error");
        Fixtures.AssertSameFields((JsonObject)expected["detail"]![0]!, answer!["detail"]![0], "error.detail[0]");
        Assert.Equal(expected["detail"]!.ToJsonString(), answer["detail"]!.ToJsonString());
    }

    public static TheoryData<string, string, string, string, int, string> MalformedRequests => new()
    {
        // name, method, path, mutation (applied below), status, what the answer must say
        { "job without a name", "POST", "/api/v2/decorated_ha_jobs/create", "job:-name", 422, "\"loc\":[\"body\",\"name\"]" },
        { "job without a config", "POST", "/api/v2/decorated_ha_jobs/create", "job:-config", 422, "\"loc\":[\"body\",\"config\"]" },
        { "job without a compute config", "POST", "/api/v2/decorated_ha_jobs/create", "job:-config.compute_config_id", 422, "\"loc\":[\"body\",\"config\",\"compute_config_id\"]" },
        { "job with a local working_dir", "POST", "/api/v2/decorated_ha_jobs/create", "job:working_dir=/home/me/project", 422, "must be a remote URI" },
        { "job with a folder working_dir", "POST", "/api/v2/decorated_ha_jobs/create", "job:working_dir=s3zip", 422, "must be a .zip package" },
        { "job with an unknown build", "POST", "/api/v2/decorated_ha_jobs/create", "job:config.build_id=bld_nope", 400, "build bld_nope does not exist" },
        { "job with negative retries", "POST", "/api/v2/decorated_ha_jobs/create", "job:config.max_retries=-1", 422, "greater than or equal to 0" },
        { "job body not JSON", "POST", "/api/v2/decorated_ha_jobs/create", "raw:{not json", 422, "value_error.jsondecode" },
        { "service without ray_serve_config", "PUT", "/api/v2/services-v2/apply", "svc:-ray_serve_config", 422, "\"loc\":[\"body\",\"ray_serve_config\"]" },
        { "service without a build", "PUT", "/api/v2/services-v2/apply", "svc:-build_id", 422, "\"loc\":[\"body\",\"build_id\"]" },
        { "service without a compute config", "PUT", "/api/v2/services-v2/apply", "svc:-compute_config_id", 422, "\"loc\":[\"body\",\"compute_config_id\"]" },
        { "service with canary_percent 150", "PUT", "/api/v2/services-v2/apply", "svc:canary_percent=150", 422, "less than or equal to 100" },
        { "service created IN_PLACE", "PUT", "/api/v2/services-v2/apply", "svc:rollout_strategy=IN_PLACE", 400, "IN_PLACE cannot create" },
        { "service with an unknown rollout strategy", "PUT", "/api/v2/services-v2/apply", "svc:rollout_strategy=BLUE_GREEN", 422, "permitted" },
        { "rollback with no rollout in progress", "POST", "/api/v2/services-v2/{service}/rollback", "rollback:{}", 400, "active rollout" },
        { "rollback with a body that is not an object", "POST", "/api/v2/services-v2/{service}/rollback", "rollback:[1]", 422, "not a valid dict" },
        { "the old rollback route", "POST", "/ext/v0/services/{service}/rollback", "rollback:{}", 404, "" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Emulator_MalformedRequest_IsRefusedAsTheRealApiWould(string name, string method, string path, string mutation, int status, string says)
    {
        string[] parts = mutation.Split(':', 2);
        string? raw = null;
        JsonNode? body = null;
        if (parts[0] == "job") body = CreateJobBody(await PackageUriAsync(), $"contract-bad-{Guid.NewGuid():N}");
        if (parts[0] == "svc") body = ApplyBody($"contract-bad-{Guid.NewGuid():N}"[..24]);
        if (parts[0] is "rollback" or "raw") raw = parts[1];
        if (path.Contains("{service}", StringComparison.Ordinal))
        {
            string service = $"contract-rb-{Guid.NewGuid():N}"[..24];
            var (_, created) = await SendAsync(HttpMethod.Put, "/api/v2/services-v2/apply", ApplyBody(service));
            path = path.Replace("{service}", (string)created!["result"]!["id"]!, StringComparison.Ordinal);
        }

        if (body is not null)
        {
            string change = parts[1];
            if (change.StartsWith('-'))
            {
                string[] at = change[1..].Split('.');
                JsonObject parent = (JsonObject)at[..^1].Aggregate<string, JsonNode>(body, (n, p) => n[p]!);
                parent.Remove(at[^1]);
            }
            else
            {
                string[] kv = change.Split('=', 2);
                JsonNode? value = int.TryParse(kv[1], out int i) ? i : kv[1] == "s3zip" ? "file:///tmp/feedback-jobs/" : kv[1];
                if (kv[0] == "working_dir") body["config"]!["runtime_env"]!["working_dir"] = value;
                else
                {
                    string[] at = kv[0].Split('.');
                    JsonObject parent = (JsonObject)at[..^1].Aggregate<string, JsonNode>(body, (n, p) => n[p]!);
                    parent[at[^1]] = value;
                }
            }

            raw = body.ToJsonString();
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(raw ?? string.Empty, Encoding.UTF8, "application/json") };
        using HttpResponseMessage response = await _http.SendAsync(request);
        string answer = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"{name}: {(int)response.StatusCode} {answer}");
        Assert.Contains(says, answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_WrongToken_Answers401()
    {
        using HttpClient wrong = Api(emulator.BaseUrl, "not-the-token");

        using HttpResponseMessage response = await wrong.GetAsync("/api/v2/services-v2/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Emulator_NotSharingTheDisk_RefusesFileUrisAsLocalPaths()
    {
        DirectoryInfo work = Directory.CreateTempSubdirectory("emulator-strict-");
        await using WebApplication strict = await EmulatorApp.StartInProcessAsync(EmulatorFixture.Token, work.FullName,
            settings: new Dictionary<string, string?> { ["Emulator:AllowFileUris"] = "false" });
        using HttpClient http = Api(new Uri(strict.Urls.First()), EmulatorFixture.Token);

        using HttpResponseMessage response = await http.PostAsJsonAsync("/api/v2/decorated_ha_jobs/create", CreateJobBody(await PackageUriAsync(), "contract-file"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("local path", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceEndpoint_ListsTheBaseModelAndTheVersionsAdapters_AndRefusesStreaming()
    {
        var (job, modelId) = await emulator.PrepareFineTuneAsync("contract-models", "contract-models", "curated/train-100.jsonl");
        Assert.Equal(Feedback.Pipeline.Ports.JobPhase.Succeeded, (await emulator.WaitForJobAsync((await emulator.Client.SubmitJobAsync(job)).Id)).Phase);
        await Feedback.Testing.TestModels.DeployPrimaryAsync(emulator.Jobs, emulator.Client, "contract-models", modelId);
        var endpoint = (await emulator.Client.GetServiceEndpointAsync("contract-models"))!.Value;
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);

        JsonNode models = (await http.GetFromJsonAsync<JsonNode>(endpoint.BaseUrl + "/v1/models"))!;
        using HttpResponseMessage streamed = await http.PostAsJsonAsync(endpoint.BaseUrl + "/v1/chat/completions",
            new { model = modelId, stream = true, messages = new[] { new { role = "user", content = "Is Hades fun?" } } });

        Assert.Equal("list", (string?)models["object"]);
        Assert.Equal(["mistralai/Mistral-7B-Instruct-v0.1", modelId], ((JsonArray)models["data"]!).Select(m => (string)m!["id"]!));
        Assert.Equal(HttpStatusCode.BadRequest, streamed.StatusCode);
    }
}
