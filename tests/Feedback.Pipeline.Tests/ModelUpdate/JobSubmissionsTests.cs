using System.Text.Json;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Feedback.Pipeline.Tests.ModelUpdate;

/// <summary>
/// The fine-tuning job is submitted once per name, also when two runs of the submit step overlap (a duplicate start of the
/// fine-tune sub-orchestration after a host died), against a platform that, like Anyscale, accepts duplicate names.
/// </summary>
public sealed class JobSubmissionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly JobSubmission Job = new("viggo-ft-v1-abc-a1", "python main.py", "s3://bucket/jobs/pkg_1.zip", new Dictionary<string, string>());
    private readonly MemoryObjectStore _store = new();
    private readonly NamedJobsPlatform _platform = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeLogger<JobSubmissions> _log = new();

    private JobSubmissions Submissions() =>
        new(_platform, _store, Options.Create(new ModelUpdateOptions { SubmissionClaimLifetime = Lifetime }), _time, _log);

    [Fact]
    public async Task SubmitOnce_TwoRunsOverlap_SubmitsOneJobAndBothRunsGetIt()
    {
        _platform.HoldSubmissions();
        Task<ComputeJob> first = Submissions().SubmitOnceAsync(Job, "execution-1");
        await Wait.UntilAsync(() => Volatile.Read(ref _platform.Waiting) == 1, TimeSpan.FromSeconds(10), "the first run's submission in flight");

        // The second run looks while the first one's job is not there yet.
        Task<ComputeJob> second = Submissions().SubmitOnceAsync(Job, "execution-2");
        await Wait.UntilAsync(() => _log.Collector.GetSnapshot().Any(r => r.Id.Id == 560) || second.IsCompleted, TimeSpan.FromSeconds(10), "the second run waiting on the first one's claim");
        Assert.False(second.IsCompleted);
        _platform.ReleaseSubmissions();
        ComputeJob submitted = await first;
        await Wait.UntilAsync(() => { _time.Advance(JobSubmissions.LookupInterval); return second.IsCompleted; }, TimeSpan.FromSeconds(10), "the second run to find the job");

        Assert.Equal(1, _platform.SubmitCalls);
        Assert.Single(_platform.Jobs);
        Assert.Equal(submitted.Id, (await second).Id);
    }

    [Fact]
    public async Task SubmitOnce_JobExists_ReturnsItWithoutSubmittingOrClaiming()
    {
        ComputeJob existing = _platform.Add(Job.Name);

        ComputeJob job = await Submissions().SubmitOnceAsync(Job, "execution-1");

        Assert.Equal(existing.Id, job.Id);
        Assert.Equal(0, _platform.SubmitCalls);
        Assert.Null(await _store.ReadTaggedAsync(StoreLayout.JobSubmissionClaim(Job.Name)));
    }

    [Fact]
    public async Task SubmitOnce_ClaimantDiedBeforeSubmitting_WaitsOutTheClaimThenSubmitsOnce()
    {
        await ClaimAsync(new JobSubmissionClaim(Job.Name, "a-dead-run", Now, Now + Lifetime));

        Task<ComputeJob> run = Submissions().SubmitOnceAsync(Job, "execution-2");
        await Wait.UntilAsync(() => { _time.Advance(TimeSpan.FromMinutes(1)); return _time.GetUtcNow() >= Now + Lifetime - TimeSpan.FromMinutes(1); }, TimeSpan.FromSeconds(10), "time to near the claim's expiry");
        Assert.False(run.IsCompleted);
        Assert.Equal(0, _platform.SubmitCalls);

        await Wait.UntilAsync(() => { _time.Advance(TimeSpan.FromMinutes(1)); return run.IsCompleted; }, TimeSpan.FromSeconds(10), "the run to take the claim over");

        Assert.Equal(Job.Name, (await run).Name);
        Assert.Equal(1, _platform.SubmitCalls);
        await AssertLiveClaimOfAsync("execution-2");
    }

    [Fact]
    public async Task SubmitOnce_OwnExecutionClaimedThenItsHostDied_SubmitsAtOnceWithoutWaitingOutTheClaim()
    {
        // The step's earlier run (same fine-tune execution, so the same claimant) wrote its claim and died before submitting;
        // the step is redelivered to another host.
        await ClaimAsync(new JobSubmissionClaim(Job.Name, "execution-1", Now, Now + Lifetime));

        // Fake time never moves here, so a run that waited out the claim would never finish: the guard turns that into a failure.
        ComputeJob job = await Submissions().SubmitOnceAsync(Job, "execution-1").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Job.Name, job.Name);
        Assert.Equal(1, _platform.SubmitCalls);
        Assert.Equal(Now, _time.GetUtcNow());
        Assert.Contains(_log.Collector.GetSnapshot(), r => r.Id.Id == 562);
        await AssertLiveClaimOfAsync("execution-1");
    }

    [Fact]
    public async Task SubmitOnce_OwnExecutionClaimedAndItsJobExists_ReturnsTheJobWithoutSubmitting()
    {
        await ClaimAsync(new JobSubmissionClaim(Job.Name, "execution-1", Now, Now + Lifetime));
        ComputeJob submitted = _platform.Add(Job.Name);

        ComputeJob job = await Submissions().SubmitOnceAsync(Job, "execution-1");

        Assert.Equal(submitted.Id, job.Id);
        Assert.Equal(0, _platform.SubmitCalls);
    }

    [Fact]
    public async Task SubmitOnce_SubmissionFails_ReleasesTheClaimSoTheRetrySubmitsAtOnce()
    {
        _platform.FailNextSubmissions(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => Submissions().SubmitOnceAsync(Job, "execution-1"));
        Assert.False((await ReadClaimAsync()).IsLiveAt(_time.GetUtcNow()));
        ComputeJob job = await Submissions().SubmitOnceAsync(Job, "execution-2");

        Assert.Equal(2, _platform.SubmitCalls);
        Assert.Equal(job.Id, Assert.Single(_platform.Jobs).Id);
    }

    [Fact]
    public async Task SubmitOnce_ExpiredClaimWhoseJobExists_ReturnsTheJob()
    {
        await ClaimAsync(new JobSubmissionClaim(Job.Name, "a-slow-run", Now - Lifetime, Now - TimeSpan.FromSeconds(1)));
        ComputeJob late = _platform.Add(Job.Name);

        ComputeJob job = await Submissions().SubmitOnceAsync(Job, "execution-2");

        Assert.Equal(late.Id, job.Id);
        Assert.Equal(0, _platform.SubmitCalls);
    }

    private Task<StoredObject> ClaimAsync(JobSubmissionClaim claim) =>
        _store.WriteIfAsync(StoreLayout.JobSubmissionClaim(Job.Name), JsonSerializer.SerializeToUtf8Bytes(claim, PipelineJson.Options), WriteCondition.MustNotExist);

    private async Task AssertLiveClaimOfAsync(string claimant)
    {
        JobSubmissionClaim claim = await ReadClaimAsync();
        Assert.Equal(claimant, claim.Claimant);
        Assert.True(claim.IsLiveAt(_time.GetUtcNow()));
    }

    private async Task<JobSubmissionClaim> ReadClaimAsync() =>
        JsonSerializer.Deserialize<JobSubmissionClaim>((await _store.ReadTaggedAsync(StoreLayout.JobSubmissionClaim(Job.Name)))!.Content, PipelineJson.Options)!;
}
