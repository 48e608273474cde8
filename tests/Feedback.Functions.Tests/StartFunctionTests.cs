using System.Net;
using System.Text.Json;
using Feedback.Api.Http;
using Feedback.Functions.Http;
using Feedback.Pipeline;
using Feedback.Pipeline.Runtime;
using Feedback.Pipeline.Structuring;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Tests;

/// <summary>The Functions app's start route: the shared endpoint's checks and answers, against a real durable client.</summary>
public sealed class StartFunctionTests : IAsyncLifetime
{
    private const string Orchestration = nameof(RuntimeCheckOrchestration);
    private DurableTaskTestHost _durable = null!;

    public async Task InitializeAsync() =>
        _durable = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions { ConfigureServices = s => s.AddFeedbackPipeline() });

    public async Task DisposeAsync() => await _durable.DisposeAsync();

    private DurableTaskClient Client => _durable.Client;

    private static ApiFunctions Functions() =>
        new(Options.Create(new ApiOptions()), Options.Create(new StructuringOptions()), new ServiceCollection().BuildServiceProvider());

    [Fact]
    public async Task StartOrchestration_KnownNameWithInstanceId_Returns202WithManagementUrls()
    {
        HttpRequest request = FunctionsHttp.Request("POST", "https://feedback.example/api/orchestrators/runtimecheckorchestration/http-1", """{"timerSeconds":0}""");

        HttpAnswer response = await FunctionsHttp.AnswerAsync(request, await Functions().StartOrchestration(request, Client, "runtimecheckorchestration", "http-1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("https://feedback.example/runtime/webhooks/durabletask/instances/http-1", response.Headers.Location.ToString());
        JsonElement body = response.Json;
        Assert.Equal("http-1", body.GetProperty("id").GetString());
        Assert.Equal("https://feedback.example/runtime/webhooks/durabletask/instances/http-1/terminate?reason={text}", body.GetProperty("terminatePostUri").GetString());
        OrchestrationMetadata? instance = await Client.GetInstanceAsync("http-1");
        Assert.Equal(Orchestration, instance?.Name);
    }

    [Fact]
    public async Task StartOrchestration_UnknownName_Returns404Problem()
    {
        HttpRequest request = FunctionsHttp.Request("POST", "https://feedback.example/api/orchestrators/Nope", null);

        HttpAnswer response = await FunctionsHttp.AnswerAsync(request, await Functions().StartOrchestration(request, Client, "Nope", null));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(404, response.Json.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task StartOrchestration_MalformedJson_Returns400Problem()
    {
        HttpRequest request = FunctionsHttp.Request("POST", "https://feedback.example/api/orchestrators/RuntimeCheckOrchestration", "{ nope");

        HttpAnswer response = await FunctionsHttp.AnswerAsync(request, await Functions().StartOrchestration(request, Client, Orchestration, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Malformed JSON", response.Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task StartOrchestration_InputThatDoesNotFit_Returns400ProblemAndStartsNothing()
    {
        HttpRequest request = FunctionsHttp.Request("POST", "https://feedback.example/api/orchestrators/RolloutOrchestration/rollout-array", "[1, 2]");

        HttpAnswer response = await FunctionsHttp.AnswerAsync(request, await Functions().StartOrchestration(request, Client, "RolloutOrchestration", "rollout-array"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = response.Json;
        Assert.Equal("Input does not fit the orchestration", problem.GetProperty("title").GetString());
        Assert.Contains("RolloutOrchestration", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await Client.GetInstanceAsync("rollout-array"));
    }

    [Theory]
    [InlineData("a#b")]
    [InlineData("x?y")]
    public async Task StartOrchestration_InvalidInstanceId_Returns400ProblemAndStartsNothing(string instanceId)
    {
        HttpRequest request = FunctionsHttp.Request("POST", "https://feedback.example/api/orchestrators/RuntimeCheckOrchestration", "{}");

        HttpAnswer response = await FunctionsHttp.AnswerAsync(request, await Functions().StartOrchestration(request, Client, Orchestration, instanceId));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid instance id", response.Json.GetProperty("title").GetString());
        Assert.Null(await Client.GetInstanceAsync(instanceId));
    }

    [Fact]
    public async Task StartOrchestration_BodyOverTheLimit_Returns413Problem()
    {
        string huge = $"{{\"pad\":\"{new string('x', new ApiOptions().MaxPayloadBytes)}\"}}";
        HttpRequest request = FunctionsHttp.Request("POST", "https://feedback.example/api/orchestrators/RuntimeCheckOrchestration", huge);

        HttpAnswer response = await FunctionsHttp.AnswerAsync(request, await Functions().StartOrchestration(request, Client, Orchestration, null));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task GetInstanceAndRaiseEvent_WaitingInstance_ShowItsStageThenDeliverTheEvent()
    {
        HttpRequest start = FunctionsHttp.Request("POST", "https://feedback.example/api/orchestrators/RuntimeCheckOrchestration/events-1", """{"simulatedFailures":0,"timerSeconds":0,"eventTimeoutSeconds":60}""");
        await FunctionsHttp.AnswerAsync(start, await Functions().StartOrchestration(start, Client, Orchestration, "events-1"));
        await Wait.UntilAsync(
            async () =>
            {
                HttpRequest get = FunctionsHttp.Request("GET", "https://feedback.example/api/instances/events-1");
                HttpAnswer status = await FunctionsHttp.AnswerAsync(get, await Functions().GetInstance(get, Client, "events-1"));
                return status.StatusCode == HttpStatusCode.Accepted && status.Json.TryGetProperty("customStatus", out JsonElement progress) && progress.ValueKind == JsonValueKind.Object
                    // The in-process test host serialises with the SDK's default converter (Stage), the runtimes with PipelineJson (stage).
                    ? progress.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "stage", StringComparison.OrdinalIgnoreCase)).Value.GetString()
                    : null;
            },
            stage => stage == "waiting for event",
            TimeSpan.FromSeconds(30),
            "the instance to wait for its event");

        HttpRequest raise = FunctionsHttp.Request("POST", "https://feedback.example/api/instances/events-1/raiseEvent/proceed", "\"go\"");
        HttpAnswer raised = await FunctionsHttp.AnswerAsync(raise, await Functions().RaiseEvent(raise, Client, "events-1", RuntimeCheckOrchestration.ProceedEvent));
        OrchestrationMetadata done = await Client.WaitForInstanceCompletionAsync("events-1", getInputsAndOutputs: true);

        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("go", done.ReadOutputAs<RuntimeCheckResult>()!.EventPayload);
    }

    [Fact]
    public async Task GetInstance_UnknownInstance_Returns404Problem()
    {
        HttpRequest get = FunctionsHttp.Request("GET", "https://feedback.example/api/instances/nobody");

        HttpAnswer status = await FunctionsHttp.AnswerAsync(get, await Functions().GetInstance(get, Client, "nobody"));

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal("application/problem+json", status.ContentType);
    }
}
