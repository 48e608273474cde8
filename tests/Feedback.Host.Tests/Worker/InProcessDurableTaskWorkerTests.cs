using Feedback.Host.Durable;
using Feedback.Host.Durable.Worker;
using Feedback.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feedback.Host.Tests.Worker;

public sealed class InProcessDurableTaskWorkerTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Run_ProbeOrchestration_ResultsFailureDetailsAndScopesAsTheSdkWorker(string backend)
    {
        await using Azurite? azurite = backend == "AzureStorage" ? await Azurite.StartAsync() : null;
        var settings = new Dictionary<string, string?> { ["Durable:Backend"] = backend };
        if (azurite is not null)
        {
            settings["AzureWebJobsStorage"] = azurite.ConnectionString;
            settings["Durable:TaskHubName"] = $"probe{Guid.NewGuid():N}"[..16];
        }

        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(settings, builder =>
        {
            builder.Services.AddScoped<ProbeScope>();
            builder.Services.AddDurableTaskWorker(worker => worker.AddTasks(r =>
            {
                r.AddOrchestrator<WorkerProbeOrchestration>();
                r.AddOrchestrator<FailingProbeOrchestration>();
                r.AddActivity<DoubleProbeActivity>();
                r.AddActivity<FailingProbeActivity>();
            }));
        });
        DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();
        int madeBefore = ProbeScope.Made;
        int disposedBefore = ProbeScope.Disposed;

        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(WorkerProbeOrchestration), 21);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("done", done.ReadCustomStatusAs<string>());
        WorkerProbeResult result = done.ReadOutputAs<WorkerProbeResult>()!;
        Assert.Equal(42, result.Doubled);
        Assert.Equal(typeof(FormatException).FullName, result.FailureType);
        Assert.Equal("bad probe input 'x'", result.FailureMessage);
        Assert.Equal("No activity task named 'NoSuchProbeActivity' was found.", result.MissingMessage);
        Assert.Equal(1, ProbeScope.Made - madeBefore);
        Assert.Equal(1, ProbeScope.Disposed - disposedBefore);

        string failing = await client.ScheduleNewOrchestrationInstanceAsync(nameof(FailingProbeOrchestration), "y");
        OrchestrationMetadata failed = await client.WaitForInstanceCompletionAsync(failing, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Contains("bad probe input 'y'", failed.SerializedOutput, StringComparison.Ordinal);
        if (backend == "InMemory")
        {
            // The Azure Storage backend's instance rows carry no failure details (the same with the SDK's gRPC
            // worker); the failure's text is in the output there.
            Assert.NotNull(failed.FailureDetails);
            Assert.Equal(typeof(TaskFailedException).FullName, failed.FailureDetails.ErrorType);
            Assert.Contains("bad probe input 'y'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
            Assert.Equal(typeof(FormatException).FullName, failed.FailureDetails.InnerFailure?.ErrorType);
        }
    }

    [Fact]
    public async Task Start_Runtime_RunsTheWorkerInProcessOnTheSidecarsService()
    {
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?> { ["Durable:Backend"] = "InMemory" });
        DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();

        string id = await client.ScheduleNewOrchestrationInstanceAsync("RuntimeCheckOrchestration", new { simulatedFailures = 0, timerSeconds = 0, eventTimeoutSeconds = 0 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Single(runtime.Services.GetServices<IHostedService>().OfType<DurableTaskWorker>(), w => w is InProcessDurableTaskWorker);
        HostWork work = runtime.Services.GetRequiredService<DurableSidecar>().Service!.Work;
        Assert.True(work.OrchestrationEpisodes > 0, "no episode went through the sidecar's service");
        Assert.True(work.ActivitiesCompleted > 0, "no activity went through the sidecar's service");
    }
}
