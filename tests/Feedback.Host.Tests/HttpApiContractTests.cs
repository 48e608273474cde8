using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Feedback.Host.Tests;

/// <summary>The runtime, per backend, shared by a test class.</summary>
public abstract class RuntimeFixture : IAsyncLifetime
{
    /// <summary>The runtime under test.</summary>
    public RuntimeUnderTest Runtime { get; private set; } = null!;

    /// <summary>The backend's configuration.</summary>
    protected abstract Task<Dictionary<string, string?>> SettingsAsync();

    /// <inheritdoc />
    public async Task InitializeAsync() => Runtime = await RuntimeUnderTest.StartAsync(await SettingsAsync());

    /// <inheritdoc />
    public virtual async Task DisposeAsync() => await Runtime.DisposeAsync();
}

/// <summary>The runtime on the in-memory backend.</summary>
public sealed class InMemoryRuntimeFixture : RuntimeFixture
{
    /// <inheritdoc />
    protected override Task<Dictionary<string, string?>> SettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["Durable:Backend"] = "InMemory" });
}

/// <summary>The runtime on the Azure Storage backend, over its own Azurite.</summary>
public sealed class AzureStorageRuntimeFixture : RuntimeFixture
{
    private Azurite? _azurite;

    /// <inheritdoc />
    protected override async Task<Dictionary<string, string?>> SettingsAsync()
    {
        _azurite = await Azurite.StartAsync();
        return new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "AzureStorage",
            ["Durable:ConnectionString"] = _azurite.ConnectionString,
            ["Durable:TaskHubName"] = "ApiTests",
        };
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>
/// The Durable-Functions-compatible HTTP API and the durable features behind it (activity, retry,
/// timer, external event with timeout, sub-orchestration), run the same way on each backend.
/// </summary>
public abstract class HttpApiContractTests(RuntimeFixture fixture)
{
    private const string Instances = "/runtime/webhooks/durabletask/instances";

    /// <summary>The runtime under test.</summary>
    protected RuntimeUnderTest Runtime => fixture.Runtime;

    [Fact]
    public async Task RuntimeCheck_EventRaisedThroughApi_CompletesWithRetryTimerEventAndSubOrchestration()
    {
        string id = $"check-{Guid.NewGuid():N}";
        using HttpResponseMessage start = await Runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{id}",
            """{"simulatedFailures":1,"timerSeconds":1,"eventTimeoutSeconds":120}""");

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        JsonElement links = await start.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, links.GetProperty("id").GetString());
        Assert.Equal(links.GetProperty("statusQueryGetUri").GetString(), start.Headers.Location?.ToString());
        foreach (string link in new[] { "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri" })
        {
            Assert.StartsWith($"{Runtime.Http.BaseAddress}runtime/webhooks/durabletask/instances/{id}", links.GetProperty(link).GetString(), StringComparison.Ordinal);
        }

        await Runtime.WaitForStatusAsync(id, s => InstanceStatus.Stage(s) == "waiting for event");
        using (HttpResponseMessage running = await Runtime.Http.GetAsync($"{Instances}/{id}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        }

        using HttpResponseMessage raised = await Runtime.SendAsync(HttpMethod.Post, $"{Instances}/{id}/raiseEvent/proceed", "\"go\"");
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);

        JsonElement done = await Runtime.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() != "Running" && s.GetProperty("runtimeStatus").GetString() != "Pending");
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal("RuntimeCheckOrchestration", done.GetProperty("name").GetString());
        Assert.Equal(1, done.GetProperty("input").GetProperty("simulatedFailures").GetInt32());
        JsonElement output = done.GetProperty("output");
        Assert.Equal(2, output.GetProperty("step").GetProperty("attempt").GetInt32());
        Assert.True(output.GetProperty("eventReceived").GetBoolean());
        Assert.Equal("go", output.GetProperty("eventPayload").GetString());
        Assert.Equal("child", output.GetProperty("child").GetProperty("step").GetString());
        Assert.True(done.GetProperty("lastUpdatedTime").GetDateTimeOffset() >= done.GetProperty("createdTime").GetDateTimeOffset());

        using HttpResponseMessage final = await Runtime.Http.GetAsync($"{Instances}/{id}");
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
    }

    [Fact]
    public async Task RuntimeCheck_NoEventBeforeTimeout_CompletesWithoutEvent()
    {
        string id = $"timeout-{Guid.NewGuid():N}";
        using HttpResponseMessage start = await Runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{id}",
            """{"simulatedFailures":0,"timerSeconds":0.2,"eventTimeoutSeconds":0.5}""");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);

        JsonElement done = await Runtime.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Completed");
        Assert.False(done.GetProperty("output").GetProperty("eventReceived").GetBoolean());
        Assert.Equal(1, done.GetProperty("output").GetProperty("step").GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task TerminateAndPurge_RunningInstance_TerminatedThenGone()
    {
        string id = $"terminate-{Guid.NewGuid():N}";
        using (HttpResponseMessage start = await Runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{id}", """{"simulatedFailures":0,"timerSeconds":3600}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        await Runtime.WaitForStatusAsync(id, s => InstanceStatus.Stage(s) == "timer");
        using (HttpResponseMessage purgeRunning = await Runtime.SendAsync(HttpMethod.Delete, $"{Instances}/{id}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, purgeRunning.StatusCode);
        }

        using (HttpResponseMessage terminate = await Runtime.SendAsync(HttpMethod.Post, $"{Instances}/{id}/terminate?reason=test"))
        {
            Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        }

        JsonElement terminated = await Runtime.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Terminated");
        Assert.Equal("Terminated", terminated.GetProperty("runtimeStatus").GetString());

        using (HttpResponseMessage again = await Runtime.SendAsync(HttpMethod.Post, $"{Instances}/{id}/terminate"))
        {
            await AssertProblemAsync(again, HttpStatusCode.Gone);
        }

        using (HttpResponseMessage purge = await Runtime.SendAsync(HttpMethod.Delete, $"{Instances}/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
            Assert.Equal(1, (await purge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        }

        using HttpResponseMessage gone = await Runtime.Http.GetAsync($"{Instances}/{id}");
        await AssertProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_ByPrefixAndStatus_ReturnsOnlyMatchingInstances()
    {
        string prefix = $"list-{Guid.NewGuid():N}-";
        foreach (string suffix in new[] { "a", "b" })
        {
            using HttpResponseMessage start = await Runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{prefix}{suffix}", """{"simulatedFailures":0,"timerSeconds":3600}""");
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        await Runtime.WaitForStatusAsync($"{prefix}a", s => s.GetProperty("runtimeStatus").GetString() == "Running");
        await Runtime.WaitForStatusAsync($"{prefix}b", s => s.GetProperty("runtimeStatus").GetString() == "Running");

        JsonElement running = await Runtime.Http.GetFromJsonAsync<JsonElement>($"{Instances}?instanceIdPrefix={prefix}&runtimeStatus=Running,Pending");
        Assert.Equal(new[] { $"{prefix}a", $"{prefix}b" }, running.EnumerateArray().Select(e => e.GetProperty("instanceId").GetString()!).Order(StringComparer.Ordinal).ToArray());

        JsonElement completed = await Runtime.Http.GetFromJsonAsync<JsonElement>($"{Instances}?instanceIdPrefix={prefix}&runtimeStatus=Completed");
        Assert.Empty(completed.EnumerateArray());

        foreach (string suffix in new[] { "a", "b" })
        {
            using HttpResponseMessage terminate = await Runtime.SendAsync(HttpMethod.Post, $"{Instances}/{prefix}{suffix}/terminate");
            Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        }
    }

    [Fact]
    public async Task Start_UnknownOrchestration_Returns404Problem()
    {
        using HttpResponseMessage response = await Runtime.SendAsync(HttpMethod.Post, "/api/orchestrators/NoSuchOrchestration", "{}");
        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("RuntimeCheckOrchestration", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MalformedJson_Returns400Problem()
    {
        using HttpResponseMessage response = await Runtime.SendAsync(HttpMethod.Post, "/api/orchestrators/RuntimeCheckOrchestration", "{\"timerSeconds\": ");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Start_InputThatDoesNotFit_Returns400ProblemAndStartsNothing()
    {
        using HttpResponseMessage response = await Runtime.SendAsync(HttpMethod.Post, "/api/orchestrators/RolloutOrchestration/rollout-array", "[1, 2]");

        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Input does not fit the orchestration", problem.GetProperty("title").GetString());
        using HttpResponseMessage status = await Runtime.Http.GetAsync("/runtime/webhooks/durabletask/instances/rollout-array");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task Start_MissingKey_Returns401Problem()
    {
        using HttpResponseMessage response = await Runtime.Http.PostAsync("/api/orchestrators/RuntimeCheckOrchestration", new StringContent("{}"));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Start_WrongKey_Returns401Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orchestrators/RuntimeCheckOrchestration");
        request.Headers.Add("x-functions-key", "not-the-key-at-all-000");
        using HttpResponseMessage response = await Runtime.Http.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task MutatingInstanceRoutes_MissingKey_Return401Problem()
    {
        using HttpResponseMessage raise = await Runtime.Http.PostAsync($"{Instances}/any/raiseEvent/proceed", new StringContent("1"));
        await AssertProblemAsync(raise, HttpStatusCode.Unauthorized);
        using HttpResponseMessage terminate = await Runtime.Http.PostAsync($"{Instances}/any/terminate", null);
        await AssertProblemAsync(terminate, HttpStatusCode.Unauthorized);
        using HttpResponseMessage purge = await Runtime.Http.DeleteAsync($"{Instances}/any");
        await AssertProblemAsync(purge, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task InstanceRoutes_UnknownInstance_Return404Problem()
    {
        using HttpResponseMessage status = await Runtime.Http.GetAsync($"{Instances}/no-such-instance");
        await AssertProblemAsync(status, HttpStatusCode.NotFound);
        using HttpResponseMessage raise = await Runtime.SendAsync(HttpMethod.Post, $"{Instances}/no-such-instance/raiseEvent/proceed", "1");
        await AssertProblemAsync(raise, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_UnknownRuntimeStatus_Returns400Problem()
    {
        using HttpResponseMessage response = await Runtime.Http.GetAsync($"{Instances}?runtimeStatus=Sleeping");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Start_SameIdWhileRunning_Returns409Problem()
    {
        string id = $"dup-{Guid.NewGuid():N}";
        using (HttpResponseMessage first = await Runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{id}", """{"simulatedFailures":0,"timerSeconds":3600}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using HttpResponseMessage second = await Runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{id}", "{}");
        await AssertProblemAsync(second, HttpStatusCode.Conflict);
        using HttpResponseMessage terminate = await Runtime.SendAsync(HttpMethod.Post, $"{Instances}/{id}/terminate");
    }

    [Fact]
    public async Task Health_RunningRuntime_ReportsHealthy()
    {
        JsonElement health = await Runtime.Http.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.DoesNotContain("AccountKey", health.ToString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}

/// <summary>The contract on the in-memory backend (the embedded default).</summary>
public sealed class InMemoryHttpApiTests(InMemoryRuntimeFixture fixture) : HttpApiContractTests(fixture), IClassFixture<InMemoryRuntimeFixture>;

/// <summary>The contract on the Azure Storage backend over Azurite; the sub-orchestration step fails here without <c>SidecarOrchestrationService</c>.</summary>
public sealed class AzureStorageHttpApiTests(AzureStorageRuntimeFixture fixture) : HttpApiContractTests(fixture), IClassFixture<AzureStorageRuntimeFixture>;
