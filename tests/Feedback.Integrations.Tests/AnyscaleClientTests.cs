using System.Net;
using Feedback.Core.Mr;
using Feedback.Integrations.Anyscale;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Integrations.Tests;

[Collection(nameof(SharedEmulator))]
public class AnyscaleClientTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task SubmitJob_PollToSuccess_ThenSubmitAgain_ReturnsTheSameJob()
    {
        var submission = await emulator.PrepareFineTuneAsync("ft-idempotent", "idem", "curated/train-100.jsonl");

        var first = await emulator.Client.SubmitJobAsync(submission);
        var done = await emulator.WaitForJobAsync(first.Id);
        var again = await emulator.Client.SubmitJobAsync(submission);

        Assert.Equal(JobPhase.Succeeded, done.Phase);
        Assert.Equal("SUCCESS", done.State);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Id, (await emulator.Client.FindJobAsync("ft-idempotent"))!.Id);
        Assert.Contains("trained mistralai/Mistral-7B-Instruct-v0.1:idem on 100 examples", await emulator.Client.GetJobLogsAsync(first.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TerminateJob_Running_EndsTerminated()
    {
        var submission = await emulator.PrepareFineTuneAsync("ft-terminate", "term", "curated/train-100.jsonl");
        var job = await emulator.Client.SubmitJobAsync(submission);

        var terminated = await emulator.Client.TerminateJobAsync(job.Id);
        await Task.Delay(400);

        Assert.Equal("TERMINATED", terminated.State);
        Assert.Equal(JobPhase.Failed, terminated.Phase);
        Assert.Equal("TERMINATED", (await emulator.Client.GetJobAsync(job.Id)).State);
    }

    [Fact]
    public async Task SubmitJob_MissingTrainingFile_FailsWithItsError()
    {
        var submission = await emulator.PrepareFineTuneAsync("ft-missing", "missing", "curated/train-100.jsonl");
        File.Delete(Path.Combine(submission.WorkingDirectory, "train.jsonl"));

        var job = await emulator.WaitForJobAsync((await emulator.Client.SubmitJobAsync(submission)).Id);

        Assert.Equal(JobPhase.Failed, job.Phase);
        Assert.Contains("training file not found", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitJob_InjectedJobFailure_ReportsTheError()
    {
        var submission = await emulator.PrepareFineTuneAsync("ft-fail", "fail", "curated/train-100.jsonl");
        await emulator.SetFaultsAsync(new { failJobs = 1 });

        var job = await emulator.WaitForJobAsync((await emulator.Client.SubmitJobAsync(submission)).Id);

        Assert.Equal(JobPhase.Failed, job.Phase);
        Assert.Equal("OUT_OF_RETRIES", job.State);
        Assert.Contains("injected failure", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_SilentCanary_ReachedWithHeader_ThenCompleted_ThenRolledBack()
    {
        var champion = await emulator.PrepareFineTuneAsync("ft-champion", "champion", "curated/train-100.jsonl");
        var challenger = await emulator.PrepareFineTuneAsync("ft-challenger", "challenger", "curated/train-100.jsonl", "expansion/train-500.jsonl");
        var championJob = await emulator.Client.SubmitJobAsync(champion);
        var challengerJob = await emulator.Client.SubmitJobAsync(challenger);
        Assert.Equal(JobPhase.Succeeded, (await emulator.WaitForJobAsync(championJob.Id)).Phase);
        Assert.Equal(JobPhase.Succeeded, (await emulator.WaitForJobAsync(challengerJob.Id)).Phase);
        const string championModel = "mistralai/Mistral-7B-Instruct-v0.1:champion";
        const string challengerModel = "mistralai/Mistral-7B-Instruct-v0.1:challenger";

        var service = await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-canary-test", championModel));
        await emulator.WaitForServiceAsync(service.Id, s => s.State == "RUNNING");
        var rollout = await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-canary-test", challengerModel, CanaryPercent: 0));
        var withCanary = await emulator.WaitForServiceAsync(rollout.Id, s => s.Canary?.State == "RUNNING");

        var endpoint = emulator.Services.GetRequiredService<IModelEndpoint>();
        var fromCanary = await endpoint.CompleteAsync("viggo-canary-test", challengerModel, "What's the most relaxing game on Switch?", canary: true);
        var fromPrimary = await endpoint.CompleteAsync("viggo-canary-test", championModel, "What's the most relaxing game on Switch?", canary: false);
        Assert.True(MrCheck.Check(fromCanary).IsValid, fromCanary);
        Assert.True(MrCheck.Check(fromPrimary).IsValid, fromPrimary);
        Assert.Equal(0, withCanary.Canary!.TargetWeight);
        Assert.Equal(championModel, withCanary.Primary!.ModelId);

        var completed = await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-canary-test", challengerModel, CanaryPercent: 100));
        Assert.Null(completed.Canary);
        Assert.Equal(challengerModel, completed.Primary!.ModelId);

        await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-canary-test", championModel, CanaryPercent: 0));
        var rolledBack = await emulator.Client.RollbackServiceAsync(completed.Id);
        Assert.Null(rolledBack.Canary);
        Assert.Equal(challengerModel, rolledBack.Primary!.ModelId);

        var terminated = await emulator.Client.TerminateServiceAsync(completed.Id);
        Assert.Equal("TERMINATED", terminated.State);
        Assert.Null(await emulator.Client.FindServiceAsync("viggo-canary-test"));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task GetJob_BurstOfErrors_IsRetriedAndSucceeds(int status)
    {
        var submission = await emulator.PrepareFineTuneAsync($"ft-burst-{status}", $"burst{status}", "curated/train-100.jsonl");
        var job = await emulator.Client.SubmitJobAsync(submission);
        await emulator.SetFaultsAsync(new { failNext = 3, status });

        var fetched = await emulator.Client.GetJobAsync(job.Id);

        Assert.Equal(job.Id, fetched.Id);
        Assert.Equal(0, emulator.Faults.FailNext);
    }

    [Fact]
    public async Task Calls_PersistentOutage_OpenTheCircuitWithAClearError()
    {
        using var services = EmulatorFixture.CreateServices(emulator.BaseUrl.ToString());
        var client = services.GetRequiredService<AnyscaleClient>();
        await emulator.SetFaultsAsync(new { failNext = -1, status = 503 });
        var errors = new List<AnyscaleException>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                errors.Add(await Assert.ThrowsAsync<AnyscaleException>(() => client.GetJobAsync("prodjob_missing")));
            }
        }
        finally
        {
            await emulator.SetFaultsAsync(new { failNext = 0 });
        }

        Assert.Contains(errors, e => e.Message.Contains("circuit open", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain(EmulatorFixture.Token, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_WrongToken_FailWith401AndNoRetry()
    {
        using var services = EmulatorFixture.CreateServices(emulator.BaseUrl.ToString(), token: "not-the-right-token");
        var client = services.GetRequiredService<AnyscaleClient>();

        var error = await Assert.ThrowsAsync<AnyscaleException>(() => client.FindJobAsync("anything"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("not-the-right-token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PENDING", JobPhase.Starting)]
    [InlineData("AWAITING_CLUSTER_START", JobPhase.Starting)]
    [InlineData("RUNNING", JobPhase.Running)]
    [InlineData("ERRORED", JobPhase.Running)]
    [InlineData("CLEANING_UP", JobPhase.Running)]
    [InlineData("SUCCESS", JobPhase.Succeeded)]
    [InlineData("TERMINATED", JobPhase.Failed)]
    [InlineData("BROKEN", JobPhase.Failed)]
    [InlineData("OUT_OF_RETRIES", JobPhase.Failed)]
    public void MapJobState_KnownStates_MapAsDocumented(string state, JobPhase phase)
    {
        Assert.Equal(phase, AnyscaleClient.MapJobState(state));
    }

    [Fact]
    public void MapJobState_UnknownState_IsRunningAndReported()
    {
        string? reported = null;

        Assert.Equal(JobPhase.Running, AnyscaleClient.MapJobState("WARMING_UP", s => reported = s));
        Assert.Equal("WARMING_UP", reported);
    }
}

[Collection(nameof(SharedEmulator))]
public class CanaryHealthTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task ApplyService_UnhealthyCanaryFault_CanaryReportsUnhealthyAndCannotComplete()
    {
        const string baseModel = "mistralai/Mistral-7B-Instruct-v0.1";
        var submission = await emulator.PrepareFineTuneAsync("ft-unhealthy", "unhealthy", "curated/train-100.jsonl");
        Assert.Equal(JobPhase.Succeeded, (await emulator.WaitForJobAsync((await emulator.Client.SubmitJobAsync(submission)).Id)).Phase);
        var service = await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-unhealthy", baseModel));
        await emulator.WaitForServiceAsync(service.Id, s => s.State == "RUNNING");
        await emulator.SetFaultsAsync(new { unhealthyCanary = true });
        try
        {
            await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-unhealthy", baseModel + ":unhealthy", CanaryPercent: 0));

            var unhealthy = await emulator.WaitForServiceAsync(service.Id, s => s.Canary?.State is "UNHEALTHY" or "RUNNING");

            Assert.Equal("UNHEALTHY", unhealthy.Canary!.State);
            Assert.NotNull(unhealthy.Error);
            var refused = await Assert.ThrowsAsync<AnyscaleException>(() => emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-unhealthy", baseModel + ":unhealthy", CanaryPercent: 100)));
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Null((await emulator.Client.RollbackServiceAsync(service.Id)).Canary);
        }
        finally
        {
            await emulator.SetFaultsAsync(new { unhealthyCanary = false });
        }
    }
}
