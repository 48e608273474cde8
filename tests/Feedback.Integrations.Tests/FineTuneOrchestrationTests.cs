using Feedback.Pipeline;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Integrations.Tests;

/// <summary>The fine-tune orchestration against the emulator, on the in-process durable host.</summary>
[Collection(nameof(SharedEmulator))]
public sealed class FineTuneOrchestrationTests(EmulatorFixture emulator) : IAsyncLifetime
{
    private DurableTaskTestHost _host = null!;

    private static readonly FineTunePolicy FastPolicy = new(
        TimeSpan.FromMinutes(2), MaxAttempts: 3, FirstPoll: TimeSpan.FromMilliseconds(50), MaxPoll: TimeSpan.FromMilliseconds(400), PollsPerGeneration: 3);

    public async Task InitializeAsync() =>
        _host = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddFeedbackPipeline();
                services.AddSingleton(emulator.Client);
                services.AddSingleton<IComputePlatform>(emulator.Client);
                services.AddSingleton(emulator.Store);
            },
        });

    public async Task DisposeAsync()
    {
        await emulator.SetFaultsAsync(new { failNext = 0, failJobs = 0 });
        await _host.DisposeAsync();
    }

    private async Task<FineTuneRequest> RequestAsync(string name, FineTunePolicy policy)
    {
        var (job, modelId) = await emulator.PrepareFineTuneAsync(name, name, "curated/train-100.jsonl");
        return new FineTuneRequest(name, job.Entrypoint, job.WorkingDirectory, job.EnvironmentVariables, modelId, policy);
    }

    private async Task<OrchestrationMetadata> RunAsync(FineTuneRequest request)
    {
        string id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FineTuneOrchestration), new FineTuneState(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    [Fact]
    public async Task FineTune_JobSucceeds_ReturnsTheModelAndSubmitsOneJob()
    {
        string name = $"ft-ok-{Guid.NewGuid():N}"[..20];

        OrchestrationMetadata done = await RunAsync(await RequestAsync(name, FastPolicy));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        FineTuneResult result = done.ReadOutputAs<FineTuneResult>()!;
        Assert.Equal(1, result.Attempts);
        Assert.Equal($"{name}-a1", result.JobName);
        Assert.EndsWith($":ds-{name}", result.ModelId, StringComparison.Ordinal);
        Assert.Equal(JobPhase.Succeeded, (await emulator.Client.GetJobAsync(result.JobId)).Phase);
        Assert.Null(await emulator.Client.FindJobAsync($"{name}-a2"));
    }

    [Fact]
    public async Task FineTune_JobFailsTwiceThenSucceeds_RetriesWithinTheBudget()
    {
        string name = $"ft-retry-{Guid.NewGuid():N}"[..20];
        await emulator.SetFaultsAsync(new { failJobs = 2 });

        OrchestrationMetadata done = await RunAsync(await RequestAsync(name, FastPolicy));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        FineTuneResult result = done.ReadOutputAs<FineTuneResult>()!;
        Assert.Equal(3, result.Attempts);
        Assert.Equal(JobPhase.Failed, (await emulator.Client.FindJobAsync($"{name}-a1"))!.Phase);
        Assert.Equal(JobPhase.Failed, (await emulator.Client.FindJobAsync($"{name}-a2"))!.Phase);
        Assert.Equal(JobPhase.Succeeded, (await emulator.Client.FindJobAsync($"{name}-a3"))!.Phase);
    }

    [Fact]
    public async Task FineTune_JobKeepsFailing_FailsWithEveryAttemptsReason()
    {
        string name = $"ft-fail-{Guid.NewGuid():N}"[..20];
        await emulator.SetFaultsAsync(new { failJobs = 5 });

        OrchestrationMetadata done = await RunAsync(await RequestAsync(name, FastPolicy with { MaxAttempts = 2 }));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("failed 2 time(s)", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains($"{name}-a1", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(await emulator.Client.FindJobAsync($"{name}-a3"));
    }

    [Fact]
    public async Task FineTune_TimeoutPasses_TerminatesTheJobAndFailsWithTheReason()
    {
        string name = $"ft-slow-{Guid.NewGuid():N}"[..20];

        OrchestrationMetadata done = await RunAsync(await RequestAsync(name, FastPolicy with { Timeout = TimeSpan.FromMilliseconds(30) }));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("did not finish within", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        ComputeJob job = (await emulator.Client.FindJobAsync($"{name}-a1"))!;
        Assert.Equal(JobPhase.Failed, job.Phase);
        Assert.Equal("TERMINATED", job.State);
    }

    [Fact]
    public void Wait_GrowsFromFirstToMaxPoll()
    {
        var policy = new FineTunePolicy(TimeSpan.FromHours(6));

        Assert.Equal(TimeSpan.FromSeconds(10), policy.Wait(0));
        Assert.Equal(TimeSpan.FromSeconds(80), policy.Wait(3));
        Assert.Equal(TimeSpan.FromMinutes(5), policy.Wait(10));
        Assert.Equal(TimeSpan.FromMinutes(5), policy.Wait(1000));
    }
}
