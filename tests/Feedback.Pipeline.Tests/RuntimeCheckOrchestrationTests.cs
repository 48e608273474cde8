using Feedback.Pipeline.Runtime;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Feedback.Pipeline.Tests;

public sealed class RuntimeCheckOrchestrationTests : IAsyncLifetime
{
    private DurableTaskTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions { ConfigureServices = s => s.AddFeedbackPipeline() });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RunAsync_TwoSimulatedFailuresAndEvent_RetriesTwiceAndReportsTheEvent()
    {
        string id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(RuntimeCheckOrchestration), new RuntimeCheckInput(SimulatedFailures: 2, TimerSeconds: 0.1, EventTimeoutSeconds: 60));
        await WaitForCustomStatusAsync(id, "waiting for event");
        await _host.Client.RaiseEventAsync(id, RuntimeCheckOrchestration.ProceedEvent, "payload");

        OrchestrationMetadata done = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        RuntimeCheckResult result = done.ReadOutputAs<RuntimeCheckResult>()!;
        Assert.Equal(3, result.Step.Attempt);
        Assert.True(result.EventReceived);
        Assert.Equal("payload", result.EventPayload);
        Assert.Equal("child", result.Child.Step);
        Assert.Equal(Progress.At("done"), done.ReadCustomStatusAs<Progress>());
    }

    [Fact]
    public async Task RunAsync_NoEventBeforeTimeout_CompletesWithoutTheEvent()
    {
        string id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RuntimeCheckOrchestration), new RuntimeCheckInput(SimulatedFailures: 0, TimerSeconds: 0, EventTimeoutSeconds: 0));

        OrchestrationMetadata done = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.False(done.ReadOutputAs<RuntimeCheckResult>()!.EventReceived);
    }

    [Fact]
    public async Task RunAsync_NullInput_UsesDefaults()
    {
        string id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RuntimeCheckOrchestration));

        OrchestrationMetadata done = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(2, done.ReadOutputAs<RuntimeCheckResult>()!.Step.Attempt);
    }

    [Fact]
    public async Task StepActivity_SimulatedFailures_FailsThatManyTimesThenSucceeds()
    {
        var attempts = new RuntimeCheckAttempts();
        var activity = new RuntimeCheckStepActivity(attempts, Microsoft.Extensions.Logging.Abstractions.NullLogger<RuntimeCheckStepActivity>.Instance);
        var input = new RuntimeCheckStepInput("check", "activity", SimulatedFailures: 2);

        InvalidOperationException first = await Assert.ThrowsAsync<InvalidOperationException>(() => activity.RunAsync(null!, input));
        await Assert.ThrowsAsync<InvalidOperationException>(() => activity.RunAsync(null!, input));
        RuntimeCheckStepResult third = await activity.RunAsync(null!, input);

        Assert.Contains("attempt 1 of 2", first.Message, StringComparison.Ordinal);
        Assert.Equal(3, third.Attempt);
        Assert.Equal(Environment.ProcessId, third.ProcessId);
    }

    private Task<string?> WaitForCustomStatusAsync(string id, string status) =>
        Wait.UntilAsync(
            async () => (await _host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<Progress>()?.Stage,
            current => current == status,
            TimeSpan.FromSeconds(15),
            $"{id} to reach '{status}'");
}
