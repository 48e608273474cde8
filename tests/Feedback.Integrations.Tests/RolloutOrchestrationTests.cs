using System.Text.Json;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Integrations.Tests;

/// <summary>
/// Champion-challenger rollouts against the emulator's real models: a challenger trained on more data
/// is promoted; one trained on less is rejected, its canary rolled back and Slack alerted.
/// </summary>
[Collection(nameof(SharedEmulator))]
public sealed class RolloutOrchestrationTests(EmulatorFixture emulator) : IAsyncLifetime
{
    private const string BaseModel = "mistralai/Mistral-7B-Instruct-v0.1";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("feedback-rollout-");
    private SlackListener _slack = null!;
    private DurableTaskTestHost _host = null!;
    private FileSystemObjectStore _store = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackListener.StartAsync();
        _store = new FileSystemObjectStore(_root.FullName);
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await _store.WriteAsync("reference/test.jsonl", test);
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Slack:WebhookUrl"] = _slack.WebhookUrl.ToString() }).Build();
        _host = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddFeedbackPipeline();
                services.AddSingleton<IObjectStore>(_store);
                services.AddSingleton<IComputePlatform>(emulator.Client);
                services.AddSingleton(emulator.Jobs);
                services.AddSingleton(emulator.Services.GetRequiredService<IModelEndpoint>());
                services.AddLogging();
                services.AddNotifier(configuration);
            },
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        _root.Delete(recursive: true);
    }

    private Task<string> TrainAsync(string version, params string[] files) =>
        TestModels.TrainAsync(emulator.Store, emulator.Jobs, emulator.Client, version, files);

    private async Task DeployAsync(string service, string champion, string challenger)
    {
        await TestModels.DeployPrimaryAsync(emulator.Jobs, emulator.Client, service, champion);
        var registry = new ModelRegistry(_store);
        await registry.RegisterChallengerAsync(new RegisteredModel(champion, "v-champion", null, ModelState.Challenger, DateTimeOffset.UtcNow));
        await registry.PromoteAsync(champion, null, "setup", "the first champion", DateTimeOffset.UtcNow);
        await TestModels.DeployCanaryAsync(emulator.Jobs, emulator.Client, service, challenger);
    }

    private async Task<ServiceInfo> SettledAsync(string service)
    {
        ServiceInfo found = (await emulator.Client.FindServiceAsync(service))!;
        return await emulator.WaitForServiceAsync(found.Id, s => s.State == ServicePhase.Running);
    }

    private async Task<OrchestrationMetadata> RolloutAsync(RolloutRequest request)
    {
        string id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RolloutOrchestration), request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        return await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    [Fact]
    public async Task Rollout_ChallengerTrainedOnMoreData_IsPromotedAndTheRegistryMovesWithHistory()
    {
        string suffix = Guid.NewGuid().ToString("N")[..6];
        string champion = await TrainAsync($"c100-{suffix}", "curated/train-100.jsonl");
        string challenger = await TrainAsync($"c600-{suffix}", "curated/train-100.jsonl", "expansion/train-500.jsonl");
        string service = $"viggo-promote-{suffix}";
        await DeployAsync(service, champion, challenger);

        OrchestrationMetadata done = await RolloutAsync(new RolloutRequest(service, challenger, BaseModel, "v-600"));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        RolloutResult result = done.ReadOutputAs<RolloutResult>()!;
        Assert.Equal("promoted", WireNames.Of(result.Outcome));
        Assert.True(result.Score.Challenger.ExactMatch > result.Score.Champion.ExactMatch + 0.02, $"{result.Score.Champion.ExactMatch} vs {result.Score.Challenger.ExactMatch}");
        Assert.True(result.Score.PValue < 0.05);
        Assert.Equal(400, result.Score.Challenger.Items);

        ModelRegistryDocument registry = await new ModelRegistry(_store).ReadAsync();
        Assert.Equal(challenger, registry.Champion);
        Assert.Equal("retired", WireNames.Of(registry.Find(champion)!.State));
        Assert.Equal([(null, champion), (champion, challenger)], registry.History.Select(h => (h.From, h.To)));
        Assert.Contains("McNemar", registry.History[^1].Evidence, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(registry.Find(challenger)!.CanaryMinutes);
        Assert.Equal(result.Score.Challenger, registry.Find(challenger)!.Metrics);
        ServiceInfo deployed = await SettledAsync(service);
        Assert.Equal(ServingVersions.LabelOf(challenger), deployed.Primary!.Version);
        Assert.Null(deployed.Canary);

        string html = await ReadTextAsync(result.ReportKey);
        if (Environment.GetEnvironmentVariable("FEEDBACK_KEEP_REPORT") is { Length: > 0 } keep)
        {
            await File.WriteAllTextAsync(keep, html); // for a look in a browser (docs/reports.md)
        }

        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("promoted", html, StringComparison.Ordinal);
        Assert.Contains("## Per-attribute slot F1", await ReadTextAsync(result.ReportKey.Replace(".html", ".md", StringComparison.Ordinal)), StringComparison.Ordinal);
        JsonElement info = Assert.Single(_slack.Messages);
        Assert.Contains("Promoted", info.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_ChallengerTrainedOnWorseData_IsRejectedRolledBackAndAlerted()
    {
        string suffix = Guid.NewGuid().ToString("N")[..6];
        string few = Path.Combine(_root.FullName, "few.jsonl");
        await File.WriteAllLinesAsync(few, File.ReadLines(Path.Combine(RepositoryPaths.Data, "curated", "train-100.jsonl")).Take(15));
        string champion = await TrainAsync($"c600b-{suffix}", "curated/train-100.jsonl", "expansion/train-500.jsonl");
        string challenger = await TrainAsync($"c15-{suffix}", few);
        string service = $"viggo-reject-{suffix}";
        await DeployAsync(service, champion, challenger);

        OrchestrationMetadata done = await RolloutAsync(new RolloutRequest(service, challenger, BaseModel, "v-15"));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        RolloutResult result = done.ReadOutputAs<RolloutResult>()!;
        Assert.Equal("rejected", WireNames.Of(result.Outcome));
        Assert.Equal(champion, result.Champion);
        ModelRegistryDocument registry = await new ModelRegistry(_store).ReadAsync();
        Assert.Equal(champion, registry.Champion);
        Assert.Equal("rejected", WireNames.Of(registry.Find(challenger)!.State));
        Assert.Single(registry.History);
        ServiceInfo deployed = await SettledAsync(service);
        Assert.Null(deployed.Canary);
        Assert.Equal(ServingVersions.LabelOf(champion), deployed.Primary!.Version);

        JsonElement alert = Assert.Single(_slack.Messages);
        Assert.Contains("rejected", alert.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(":rotating_light:", alert.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_ApprovalRejectedThenApprovalTimedOut_BothKeepTheChampion()
    {
        string suffix = Guid.NewGuid().ToString("N")[..6];
        string champion = await TrainAsync($"a100-{suffix}", "curated/train-100.jsonl");
        string challenger = await TrainAsync($"a600-{suffix}", "curated/train-100.jsonl", "expansion/train-500.jsonl");
        string service = $"viggo-approval-{suffix}";
        await DeployAsync(service, champion, challenger);

        // A person rejects a statistically better challenger.
        string id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(RolloutOrchestration), new RolloutRequest(service, challenger, BaseModel, "v-600", RequireApproval: true, ApprovalTimeoutMinutes: 10));
        await WaitForStatusAsync(id, "waiting for approval");
        await _host.Client.RaiseEventAsync(id, RolloutOrchestration.ApprovalEvent, new ApprovalDecision(false, "alice", "holiday freeze"));
        OrchestrationMetadata rejected = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        RolloutResult byPerson = rejected.ReadOutputAs<RolloutResult>()!;
        Assert.Equal("rejected", WireNames.Of(byPerson.Outcome));
        Assert.Equal("alice", byPerson.Approval!.By);
        Assert.Equal(champion, (await new ModelRegistry(_store).ReadAsync()).Champion);

        // Nobody answers: the configured timeout outcome (reject) applies.
        await SettledAsync(service);
        await TestModels.DeployCanaryAsync(emulator.Jobs, emulator.Client, service, challenger);
        OrchestrationMetadata timedOut = await RolloutAsync(new RolloutRequest(service, challenger, BaseModel, "v-600", RequireApproval: true, ApprovalTimeoutMinutes: 0.01));
        RolloutResult byTimeout = timedOut.ReadOutputAs<RolloutResult>()!;
        Assert.Equal("rejected", WireNames.Of(byTimeout.Outcome));
        Assert.Null(byTimeout.Approval);
        Assert.Equal(champion, (await new ModelRegistry(_store).ReadAsync()).Champion);
        Assert.Null((await SettledAsync(service)).Canary);
        Assert.Equal(2, _slack.Messages.Count(m => m.GetProperty("text").GetString()!.Contains("rejected", StringComparison.Ordinal)));
    }

    private Task<string?> WaitForStatusAsync(string id, string status) =>
        Wait.UntilAsync(
            async () => (await _host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<Progress>()?.Stage,
            current => current == status,
            TimeSpan.FromSeconds(60),
            $"{id} to reach '{status}'");

    private async Task<string> ReadTextAsync(string key)
    {
        await using Stream stream = await _store.OpenReadAsync(key);
        return await new StreamReader(stream).ReadToEndAsync();
    }
}
