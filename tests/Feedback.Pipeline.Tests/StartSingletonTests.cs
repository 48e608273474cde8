using Feedback.Pipeline.Runtime;
using Feedback.Pipeline.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Feedback.Pipeline.Tests;

public sealed class StartSingletonTests : IAsyncLifetime
{
    private DurableTaskTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions { ConfigureServices = s => s.AddFeedbackPipeline() });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task StartSingletonAsync_WhileRunning_DoesNotStartASecondRunButRestartsAFinishedOne()
    {
        DurableTaskClient client = _host.Client;
        var longRun = new RuntimeCheckInput(SimulatedFailures: 0, TimerSeconds: 3600);

        Assert.True(await TriggerStarts.StartSingletonAsync(client, nameof(RuntimeCheckOrchestration), "singleton", longRun));
        await client.WaitForInstanceStartAsync("singleton");
        Assert.False(await TriggerStarts.StartSingletonAsync(client, nameof(RuntimeCheckOrchestration), "singleton", longRun));

        await client.TerminateInstanceAsync("singleton");
        await client.WaitForInstanceCompletionAsync("singleton");
        Assert.True(await TriggerStarts.StartSingletonAsync(client, nameof(RuntimeCheckOrchestration), "singleton", new RuntimeCheckInput(0, 0, 0)));

        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync("singleton", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }

    [Fact]
    public async Task StartOnceAsync_SameIdTwice_StartsOnce()
    {
        Assert.True(await TriggerStarts.StartOnceAsync(_host.Client, nameof(RuntimeCheckOrchestration), "once", new RuntimeCheckInput(0, 0, 0)));
        Assert.False(await TriggerStarts.StartOnceAsync(_host.Client, nameof(RuntimeCheckOrchestration), "once", new RuntimeCheckInput(0, 0, 0)));
        await _host.Client.WaitForInstanceCompletionAsync("once");
        Assert.False(await TriggerStarts.StartOnceAsync(_host.Client, nameof(RuntimeCheckOrchestration), "once", new RuntimeCheckInput(0, 0, 0)));
    }
}
