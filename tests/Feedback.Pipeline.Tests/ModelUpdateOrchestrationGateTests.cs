using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Tests;

/// <summary>
/// The model update's orchestrator at its gate, on the in-process durable host with the store in memory and a platform
/// that must not be reached: an update the gate stops ends with the gate's outcome, releases nothing it did not take
/// and never calls the platform.
/// </summary>
public sealed class ModelUpdateOrchestrationGateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly MemoryObjectStore _store = new();
    private readonly UnreachablePlatform _platform = new();
    private readonly RecordingNotifier _notifier = new();
    private DurableTaskTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = services => services
                .AddFeedbackPipeline()
                .AddSingleton<IObjectStore>(_store)
                .AddSingleton<IComputePlatform>(_platform)
                .AddSingleton<IFineTuneJobs>(_platform)
                .AddSingleton<INotifier>(_notifier),
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RunAsync_FewerNewRecordsThanTheThreshold_EndsBelowThresholdWithoutTheLeaseOrThePlatform()
    {
        await DatasetVersions.WriteAsync(_store, "v1", null, 120, Now);

        (ModelUpdateResult result, Progress progress) = await RunAsync("update-v1", "v1");

        Assert.Equal(ModelUpdateOutcome.BelowThreshold, result.Outcome);
        Assert.Equal(120, result.NewLabelled);
        Assert.Null(result.FineTune);
        Assert.Equal(Progress.At("below threshold"), progress);
        Assert.Null((await new ModelRegistry(_store).ReadAsync()).Lease);
        Assert.Equal(0, _platform.Calls);
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task RunAsync_VersionAModelWasAlreadyFineTunedOn_EndsCovered()
    {
        await DatasetVersions.WriteAsync(_store, "v1", null, 500, Now);
        await new ModelRegistry(_store).RegisterChallengerAsync(new RegisteredModel("m:ds-v1", "v1", "job-v1", ModelState.Challenger, Now));

        (ModelUpdateResult result, Progress progress) = await RunAsync("update-v1", "v1");

        Assert.Equal(ModelUpdateOutcome.Covered, result.Outcome);
        Assert.Equal(Progress.At("covered"), progress);
        Assert.Equal(0, _platform.Calls);
    }

    private async Task<(ModelUpdateResult Result, Progress Progress)> RunAsync(string id, string version)
    {
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ModelUpdateOrchestration), new DataTransformedEvent(version), new StartOrchestrationOptions(id));
        OrchestrationMetadata done = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        return (done.ReadOutputAs<ModelUpdateResult>()!, done.ReadCustomStatusAs<Progress>()!);
    }
}
