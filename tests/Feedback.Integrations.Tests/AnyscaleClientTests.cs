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
        var (submission, modelId) = await emulator.PrepareFineTuneAsync("ft-idempotent", "idem", "curated/train-100.jsonl");

        var first = await emulator.Client.SubmitJobAsync(submission);
        var done = await emulator.WaitForJobAsync(first.Id);
        var again = await emulator.Client.SubmitJobAsync(submission);

        Assert.Equal(JobPhase.Succeeded, done.Phase);
        Assert.Equal("SUCCESS", done.State);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Id, (await emulator.Client.FindJobAsync("ft-idempotent"))!.Id);
        Assert.NotNull(done.FinishedAt);
        Assert.Equal("mistralai/Mistral-7B-Instruct-v0.1:ds-idem", modelId);
        // The adapter is where the entrypoint's flags put it: {checkpoint uri}{model tag}/.
        Assert.NotNull(await emulator.Store.ReadTaggedAsync($"models/checkpoints/{modelId}/adapter_model.safetensors"));
        Assert.NotNull(await emulator.Store.ReadTaggedAsync($"models/checkpoints/{modelId}/adapter_config.json"));
    }

    [Fact]
    public async Task FindJob_NameIsASubstringOfAnother_FindsOnlyTheExactName()
    {
        var (longer, _) = await emulator.PrepareFineTuneAsync("ft-substring-a1-longer", "substring", "curated/train-100.jsonl");
        var submitted = await emulator.Client.SubmitJobAsync(longer);

        Assert.Null(await emulator.Client.FindJobAsync("ft-substring-a1"));
        Assert.Equal(submitted.Id, (await emulator.Client.FindJobAsync("ft-substring-a1-longer"))!.Id);
    }

    [Fact]
    public async Task TerminateJob_Running_EndsTerminated()
    {
        var (submission, _) = await emulator.PrepareFineTuneAsync("ft-terminate", "term", "curated/train-100.jsonl");
        var job = await emulator.Client.SubmitJobAsync(submission);

        var terminated = await emulator.Client.TerminateJobAsync(job.Id);

        Assert.Equal("TERMINATED", terminated.State);
        Assert.Equal(JobPhase.Failed, terminated.Phase);
        Assert.Equal("TERMINATED", (await emulator.Client.GetJobAsync(job.Id)).State);
    }

    [Fact]
    public async Task SubmitJob_MissingTrainingFile_FailsWithItsError()
    {
        var (submission, _) = await emulator.PrepareFineTuneAsync("ft-missing", "missing", "curated/train-100.jsonl");
        File.Delete(new Uri(emulator.Store.Locate("datasets/missing/train.jsonl").AbsoluteUri).LocalPath);

        var job = await emulator.WaitForJobAsync((await emulator.Client.SubmitJobAsync(submission)).Id);

        Assert.Equal(JobPhase.Failed, job.Phase);
        Assert.Contains("training file not found", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitJob_LocalWorkingDirectory_IsRefusedBeforeAnyCall()
    {
        var (submission, _) = await emulator.PrepareFineTuneAsync("ft-local", "local", "curated/train-100.jsonl");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => emulator.Client.SubmitJobAsync(submission with { WorkingDirectory = emulator.Work.FullName }));

        Assert.Contains("remote URI of a zip", error.Message, StringComparison.Ordinal);
        Assert.Null(await emulator.Client.FindJobAsync("ft-local"));
    }

    [Fact]
    public async Task SubmitJob_InjectedJobFailure_ReportsTheError()
    {
        var (submission, _) = await emulator.PrepareFineTuneAsync("ft-fail", "fail", "curated/train-100.jsonl");
        await emulator.SetFaultsAsync(new { failJobs = 1 });

        var job = await emulator.WaitForJobAsync((await emulator.Client.SubmitJobAsync(submission)).Id);

        Assert.Equal(JobPhase.Failed, job.Phase);
        Assert.Equal("OUT_OF_RETRIES", job.State);
        Assert.Contains("injected failure", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAdapter_JobOutputMissing_FailsNamingTheFile()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => emulator.Jobs.PublishAsync("mistralai/Mistral-7B-Instruct-v0.1:ds-never-trained"));

        Assert.Contains("models/checkpoints/mistralai/Mistral-7B-Instruct-v0.1:ds-never-trained/adapter_config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_SilentCanary_ReachedWithHeader_ThenCompleted_ThenRolledBack()
    {
        var (champion, championModel) = await emulator.PrepareFineTuneAsync("ft-champion", "champion", "curated/train-100.jsonl");
        var (challenger, challengerModel) = await emulator.PrepareFineTuneAsync("ft-challenger", "challenger", "curated/train-100.jsonl", "expansion/train-500.jsonl");
        var championJob = await emulator.Client.SubmitJobAsync(champion);
        var challengerJob = await emulator.Client.SubmitJobAsync(challenger);
        Assert.Equal(JobPhase.Succeeded, (await emulator.WaitForJobAsync(championJob.Id)).Phase);
        Assert.Equal(JobPhase.Succeeded, (await emulator.WaitForJobAsync(challengerJob.Id)).Phase);

        var service = await TestModels.DeployPrimaryAsync(emulator.Jobs, emulator.Client, "viggo-canary-test", championModel);
        var withCanary = await TestModels.DeployCanaryAsync(emulator.Jobs, emulator.Client, "viggo-canary-test", challengerModel);

        var endpoint = emulator.Services.GetRequiredService<IModelEndpoint>();
        var fromCanary = await endpoint.CompleteAsync("viggo-canary-test", challengerModel, "What's the most relaxing game on Switch?", canary: true);
        var fromPrimary = await endpoint.CompleteAsync("viggo-canary-test", championModel, "What's the most relaxing game on Switch?", canary: false);
        Assert.True(MrCheck.Check(fromCanary).IsValid, fromCanary);
        Assert.True(MrCheck.Check(fromPrimary).IsValid, fromPrimary);
        Assert.Equal(0, withCanary.Canary!.TargetWeight);
        Assert.Equal("ds-champion", withCanary.Primary!.Version);
        Assert.Equal("ds-challenger", withCanary.Canary.Version);
        // Each version loads only its own adapter: the primary does not serve the challenger.
        var notOnPrimary = await Assert.ThrowsAnyAsync<Exception>(() => endpoint.CompleteAsync("viggo-canary-test", challengerModel, "Is Hades fun?", canary: false));
        Assert.Contains("404", notOnPrimary.Message, StringComparison.Ordinal);

        var completed = await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-canary-test", emulator.Jobs.Describe(challengerModel), CanaryPercent: 100));
        Assert.Null(completed.Canary);
        Assert.Equal("ds-challenger", completed.Primary!.Version);

        await TestModels.DeployCanaryAsync(emulator.Jobs, emulator.Client, "viggo-canary-test", championModel);
        await emulator.Client.RollbackServiceAsync(service.Id);
        var rolledBack = await emulator.WaitForServiceAsync(service.Id, s => s.State == ServicePhase.Running);
        Assert.Null(rolledBack.Canary);
        Assert.Equal("ds-challenger", rolledBack.Primary!.Version);

        await emulator.Client.TerminateServiceAsync(service.Id);
        Assert.Equal(ServicePhase.Terminated, (await emulator.WaitForServiceAsync(service.Id, s => s.State == ServicePhase.Terminated)).State);
        Assert.Null(await emulator.Client.FindServiceAsync("viggo-canary-test"));
    }

    [Fact]
    public async Task FindService_NameIsASubstringOfAnother_FindsOnlyTheExactName()
    {
        await TestModels.DeployPrimaryAsync(emulator.Jobs, emulator.Client, "viggo-substring-longer", "mistralai/Mistral-7B-Instruct-v0.1");

        Assert.Null(await emulator.Client.FindServiceAsync("viggo-substring"));
        Assert.NotNull(await emulator.Client.FindServiceAsync("viggo-substring-longer"));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task GetJob_BurstOfErrors_IsRetriedAndSucceeds(int status)
    {
        var (submission, _) = await emulator.PrepareFineTuneAsync($"ft-burst-{status}", $"burst{status}", "curated/train-100.jsonl");
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

    [Theory]
    [InlineData("STARTING", ServicePhase.Starting)]
    [InlineData("RUNNING", ServicePhase.Running)]
    [InlineData("UPDATING", ServicePhase.Updating)]
    [InlineData("ROLLING_OUT", ServicePhase.RollingOut)]
    [InlineData("ROLLING_BACK", ServicePhase.RollingBack)]
    [InlineData("UNHEALTHY", ServicePhase.Unhealthy)]
    [InlineData("SYSTEM_FAILURE", ServicePhase.SystemFailure)]
    [InlineData("USER_ERROR_FAILURE", ServicePhase.UserErrorFailure)]
    [InlineData("TERMINATING", ServicePhase.Terminating)]
    [InlineData("TERMINATED", ServicePhase.Terminated)]
    [InlineData("UNKNOWN", ServicePhase.Unknown)]
    [InlineData(null, ServicePhase.Unknown)]
    public void MapServiceState_PlatformStates_MapAsDocumented(string? state, ServicePhase phase)
    {
        Assert.Equal(phase, AnyscaleClient.MapServiceState(state));
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
    public async Task ApplyService_UnhealthyCanaryFault_CanaryReportsUnhealthyAndIsRolledBack()
    {
        const string baseModel = "mistralai/Mistral-7B-Instruct-v0.1";
        var (submission, modelId) = await emulator.PrepareFineTuneAsync("ft-unhealthy", "unhealthy", "curated/train-100.jsonl");
        Assert.Equal(JobPhase.Succeeded, (await emulator.WaitForJobAsync((await emulator.Client.SubmitJobAsync(submission)).Id)).Phase);
        var service = await TestModels.DeployPrimaryAsync(emulator.Jobs, emulator.Client, "viggo-unhealthy", baseModel);
        await emulator.SetFaultsAsync(new { unhealthyCanary = true });
        try
        {
            await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-unhealthy", await emulator.Jobs.PublishAsync(modelId), CanaryPercent: 0));

            var unhealthy = await emulator.WaitForServiceAsync(service.Id, s => s.Canary?.State is ServicePhase.Unhealthy or ServicePhase.Running);

            Assert.Equal(ServicePhase.Unhealthy, unhealthy.Canary!.State);
            Assert.NotNull(unhealthy.Error);
            await emulator.Client.RollbackServiceAsync(service.Id);
            var rolledBack = await emulator.WaitForServiceAsync(service.Id, s => s.State == ServicePhase.Running);
            Assert.Null(rolledBack.Canary);
            Assert.Equal("base", rolledBack.Primary!.Version);
        }
        finally
        {
            await emulator.SetFaultsAsync(new { unhealthyCanary = false });
        }
    }
}
