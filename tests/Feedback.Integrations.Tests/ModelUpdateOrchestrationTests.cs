using System.Text.Json;
using Feedback.Emulator.Platform;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Triggers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Integrations.Tests;

/// <summary>The model update from a data-transformed event to a promoted model, against the emulator.</summary>
[Collection(nameof(SharedEmulator))]
public sealed class ModelUpdateOrchestrationTests(EmulatorFixture emulator) : IAsyncLifetime
{
    private const string BaseModel = "mistralai/Mistral-7B-Instruct-v0.1";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("feedback-model-update-");
    private readonly string _service = $"viggo-mu-{Guid.NewGuid():N}"[..16];
    private SlackListener _slack = null!;
    private FileSystemObjectStore _store = null!;
    private DurableTaskTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackListener.StartAsync();
        _store = new FileSystemObjectStore(_root.FullName);
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await _store.WriteAsync("reference/test.jsonl", test);
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelUpdate:ServiceName"] = _service,
            ["ModelUpdate:FirstPoll"] = "00:00:00.050",
            ["ModelUpdate:MaxPoll"] = "00:00:00.400",
            ["Anyscale:BaseUrl"] = emulator.BaseUrl.ToString(),
            ["Anyscale:Token"] = EmulatorFixture.Token,
            ["Anyscale:ProjectId"] = "prj_feedback",
            ["Anyscale:FineTuneBuildId"] = Feedback.Emulator.EmulatorDefaults.FineTuneBuildId,
            ["Anyscale:FineTuneComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId,
            ["Anyscale:ServingBuildId"] = Feedback.Emulator.EmulatorDefaults.ServingBuildId,
            ["Anyscale:ServingComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId,
            ["ModelUpdate:FineTuneAttempts"] = "2",
            ["Slack:WebhookUrl"] = _slack.WebhookUrl.ToString(),
        }).Build();
        _host = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddLogging();
                services.AddFeedbackPipeline(configuration);
                services.AddSingleton<IObjectStore>(_store);
                services.AddAnyscale(configuration);
                services.AddNotifier(configuration);
            },
        });
    }

    public async Task DisposeAsync()
    {
        await emulator.SetFaultsAsync(new { failJobs = 0 });
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        _root.Delete(recursive: true);
    }

    private Task<string> WriteVersionAsync(string version, string? parent, long newLabelled, params string[] files) =>
        TestDatasets.WriteVersionAsync(_store, version, parent, newLabelled, files);

    private async Task<OrchestrationMetadata> RunAsync(DataTransformedEvent e)
    {
        string id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ModelUpdateOrchestration), e);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        return await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    [Fact]
    public async Task ModelUpdate_FineTuneKeepsFailing_FailsAndAlertsSlack()
    {
        string version = await WriteVersionAsync($"vf{Guid.NewGuid():N}"[..16], null, 600, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        await emulator.SetFaultsAsync(new { failJobs = 5 });

        OrchestrationMetadata done = await RunAsync(new DataTransformedEvent(version, 600, 600));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        JsonElement alert = Assert.Single(_slack.Messages);
        Assert.Contains("Model update failed", alert.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("failed 2 time(s)", alert.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, emulator.EmulatedJobs.Count(j => j.Name.StartsWith($"viggo-ft-{version}-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ModelUpdate_BelowThreshold_EndsWithItsReasonAndSubmitsNothing()
    {
        string version = $"small{Guid.NewGuid():N}"[..16];
        await WriteVersionAsync(version, null, 60, "arrivals/discord/2026-11-08.jsonl");

        OrchestrationMetadata done = await RunAsync(new DataTransformedEvent(version, 60, 60));

        ModelUpdateResult result = done.ReadOutputAs<ModelUpdateResult>()!;
        Assert.Equal("below-threshold", WireNames.Of(result.Outcome));
        Assert.Equal(60, result.NewLabelled);
        Assert.Contains("below the threshold of 200", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.EmulatedJobs, j => j.Name.StartsWith($"viggo-ft-{version}-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ModelUpdate_FirstVersionThenMoreData_FineTunesDeploysAndPromotesEachTimeCountingOnlyNewRecords()
    {
        string first = await WriteVersionAsync($"v1{Guid.NewGuid():N}"[..16], null, 100, "curated/train-100.jsonl");

        // No service and no champion yet: the base model is the one to beat.
        ModelUpdateResult initial = (await RunAsync(new DataTransformedEvent(first, 100, 100)) is var m1 && m1.RuntimeStatus == OrchestrationRuntimeStatus.Failed
            ? throw new InvalidOperationException(m1.FailureDetails!.ErrorMessage)
            : m1.ReadOutputAs<ModelUpdateResult>()!);
        Assert.Equal("below-threshold", WireNames.Of(initial.Outcome));

        string second = await WriteVersionAsync($"v2{Guid.NewGuid():N}"[..16], first, 500, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        OrchestrationMetadata done = await RunAsync(new DataTransformedEvent(second, 500, 600));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        ModelUpdateResult result = done.ReadOutputAs<ModelUpdateResult>()!;
        Assert.Equal(600, result.NewLabelled);
        Assert.Equal("promoted", WireNames.Of(result.Outcome));
        Assert.Equal($"{BaseModel}:ds-{second}", result.FineTune!.ModelId);
        Assert.Equal(1, result.FineTune.Attempts);
        ModelRegistryDocument registry = await new ModelRegistry(_store).ReadAsync();
        Assert.Equal(result.FineTune.ModelId, registry.Champion);
        Assert.Equal(second, registry.Find(registry.Champion)!.DatasetVersion);
        Assert.NotNull(registry.Find(registry.Champion)!.ComputeMinutes);

        // The same event again: the records were already used by the last fine-tune.
        ModelUpdateResult again = (await RunAsync(new DataTransformedEvent(second, 500, 600))).ReadOutputAs<ModelUpdateResult>()!;
        Assert.Equal("covered", WireNames.Of(again.Outcome));
        Assert.Equal(0, again.NewLabelled);
        Assert.Null((await new ModelRegistry(_store).ReadAsync()).Lease);
    }

    [Fact]
    public async Task ModelUpdate_TwoVersionsAtOnce_FineTuneOneAfterTheOtherAndTheSecondCountsFromTheFirst()
    {
        string first = await WriteVersionAsync($"va{Guid.NewGuid():N}"[..16], null, 300, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        string second = await WriteVersionAsync($"vb{Guid.NewGuid():N}"[..16], first, 300, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        string[] ids =
        [
            TriggerStarts.DatasetInstanceId(nameof(ModelUpdateOrchestration), first),
            TriggerStarts.DatasetInstanceId(nameof(ModelUpdateOrchestration), second),
        ];

        await Task.WhenAll(
            _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ModelUpdateOrchestration), new DataTransformedEvent(first, 300, 300), new StartOrchestrationOptions(ids[0])),
            _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ModelUpdateOrchestration), new DataTransformedEvent(second, 300, 600), new StartOrchestrationOptions(ids[1])));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        OrchestrationMetadata[] done = await Task.WhenAll(ids.Select(id => _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token)));

        Assert.All(done, d => Assert.True(d.RuntimeStatus == OrchestrationRuntimeStatus.Completed, d.FailureDetails?.ErrorMessage));
        ModelUpdateResult a = done[0].ReadOutputAs<ModelUpdateResult>()!;
        ModelUpdateResult b = done[1].ReadOutputAs<ModelUpdateResult>()!;
        EmulatedJob[] jobs = [.. emulator.EmulatedJobs.Where(j => j.Name.StartsWith($"viggo-ft-{first}-", StringComparison.Ordinal) || j.Name.StartsWith($"viggo-ft-{second}-", StringComparison.Ordinal)).OrderBy(j => j.CreatedAt)];
        if (b.FineTune is not null && a.FineTune is null)
        {
            // The newer version took the lease first: the older one is contained in it.
            Assert.Equal("covered", WireNames.Of(a.Outcome));
            Assert.Equal(600, b.NewLabelled);
            Assert.Single(jobs);
        }
        else
        {
            // The older version took the lease first: the newer one waited and counted only its own records.
            Assert.NotNull(a.FineTune);
            Assert.NotNull(b.FineTune);
            Assert.Equal(300, a.NewLabelled);
            Assert.Equal(300, b.NewLabelled);
            Assert.Contains($"since the last fine-tune ({first})", b.Reason, StringComparison.Ordinal);
            Assert.Equal(2, jobs.Length);
            Assert.True(jobs[1].CreatedAt >= jobs[0].TransitionedAt, $"the second job started at {jobs[1].CreatedAt:O}, before the first ended at {jobs[0].TransitionedAt:O}");
        }

        ModelRegistryDocument registry = await new ModelRegistry(_store).ReadAsync();
        Assert.Null(registry.Lease);
        Assert.Equal(registry.History.Count, registry.History.Select(p => p.To).Distinct().Count());
    }

    [Fact]
    public async Task ModelUpdate_LeaseHeldByAnotherUpdate_WaitsUntilItIsReleased()
    {
        string version = await WriteVersionAsync($"vw{Guid.NewGuid():N}"[..16], null, 600, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        var registry = new ModelRegistry(_store);
        await registry.AcquireLeaseAsync("another-update", "v-other", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        string id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ModelUpdateOrchestration), new DataTransformedEvent(version, 600, 600));

        using var waiting = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        OrchestrationMetadata status = await Wait.UntilAsync(
            async () => await _host.Client.GetInstanceAsync(id, getInputsAndOutputs: true, waiting.Token),
            s => s?.SerializedCustomStatus?.Contains("waiting for another-update", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException("no status");
        Assert.Equal(OrchestrationRuntimeStatus.Running, status.RuntimeStatus);
        Assert.DoesNotContain(emulator.EmulatedJobs, j => j.Name.StartsWith($"viggo-ft-{version}-", StringComparison.Ordinal));

        await registry.ReleaseLeaseAsync("another-update");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        OrchestrationMetadata done = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        Assert.NotNull(done.ReadOutputAs<ModelUpdateResult>()!.FineTune);
        Assert.Null((await registry.ReadAsync()).Lease);
    }
}
