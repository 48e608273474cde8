using System.Text.Json;
using Feedback.Host.Cli;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Host.Tests;

/// <summary>The operators' verbs against a running host's API.</summary>
public sealed class OperatorCommandsTests(InMemoryRuntimeFixture fixture) : IClassFixture<InMemoryRuntimeFixture>
{
    private string Url => fixture.Runtime.Http.BaseAddress!.ToString();

    [Fact]
    public async Task StartThenShow_RuntimeCheck_StartsItAndShowsItCompleted()
    {
        string id = $"cli-{Guid.NewGuid():N}";

        (int started, string startOutput, _) = await RunAsync("start", nameof(RuntimeCheckOrchestration), "--id", id, "--input", "{}", "--url", Url, "--key", RuntimeUnderTest.ApiKey);
        await fixture.Runtime.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", TimeSpan.FromSeconds(60));
        (int shown, string showOutput, _) = await RunAsync("show", id, "--url", Url);

        Assert.Equal(0, started);
        Assert.Contains("statusQueryGetUri", startOutput, StringComparison.Ordinal);
        Assert.Equal(0, shown);
        Assert.Equal("Completed", JsonDocument.Parse(showOutput).RootElement.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Models_AfterAPromotion_ListsTheChampionAndHistory()
    {
        var registry = fixture.Runtime.Services.GetRequiredService<ModelRegistry>();
        string model = $"base:ds-{Guid.NewGuid():N}";
        await registry.RegisterChallengerAsync(new RegisteredModel(model, "v1", "job", ModelState.Challenger, DateTimeOffset.UtcNow));
        await registry.PromoteAsync(model, (await registry.ReadAsync()).Champion, "test", "better", DateTimeOffset.UtcNow);

        (int code, string output, _) = await RunAsync("models", "--url", Url);

        Assert.Equal(0, code);
        Assert.Equal(model, JsonDocument.Parse(output).RootElement.GetProperty("champion").GetString());
    }

    [Fact]
    public async Task Start_UnknownOrchestration_ExitsOneWithTheHostsProblem()
    {
        (int code, _, string error) = await RunAsync("start", "NoSuchOrchestration", "--url", Url, "--key", RuntimeUnderTest.ApiKey);

        Assert.Equal(1, code);
        Assert.Contains("404", error, StringComparison.Ordinal);
        Assert.Contains("Unknown orchestration", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WrongKeyOrNoHost_ExitsTwoSayingWhy()
    {
        (int wrongKey, _, string keyError) = await RunAsync("start", nameof(RuntimeCheckOrchestration), "--url", Url, "--key", "wrong-key-0123456789");
        (int noHost, _, string hostError) = await RunAsync("approve", "x", "--url", "http://127.0.0.1:1", "--key", "k");

        Assert.Equal(2, wrongKey);
        Assert.Contains("401", keyError, StringComparison.Ordinal);
        Assert.Equal(2, noHost);
        Assert.Contains("Could not reach the host", hostError, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await FeedbackCommandLine.Build(output, error).Parse(args).InvokeAsync();
        return (code, output.ToString(), error.ToString());
    }
}
