using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Feedback.Integrations.Tests;

/// <summary>
/// The submit step's claim against the Anyscale emulator (which, like Anyscale, accepts two jobs with one name) and the
/// filesystem store: runs of the step that overlap make one job.
/// </summary>
[Collection(nameof(SharedEmulator))]
public sealed class JobSubmissionsEmulatorTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task SubmitOnce_EightRunsAtOnce_OneJobOnThePlatformAndEveryRunGetsIt()
    {
        string name = $"ft-claim-{Guid.NewGuid():N}"[..24];
        (JobSubmission prepared, _) = await emulator.PrepareFineTuneAsync(name, name, "curated/train-100.jsonl");
        JobSubmission submission = prepared with { Name = $"{name}-a1" };
        var submissions = new JobSubmissions(
            emulator.Client, emulator.Store, Options.Create(new ModelUpdateOptions()), TimeProvider.System, NullLogger<JobSubmissions>.Instance);

        // Eight executions of the fine-tune, each with its own claimant id.
        ComputeJob[] jobs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => submissions.SubmitOnceAsync(submission, $"execution-{i}"))));

        Assert.Single(jobs.Select(j => j.Id).Distinct());
        Assert.Single(emulator.EmulatedJobs, j => j.Name == submission.Name);
    }
}
