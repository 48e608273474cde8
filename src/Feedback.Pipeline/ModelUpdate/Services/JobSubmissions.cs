using System.Text.Json;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// Submits a fine-tuning job at most once per name, also when two runs of the submit step overlap. The compute platform
/// accepts any number of jobs with one name, so a look-up before the create only protects runs that follow each other.
/// Runs do overlap: the Durable Task Azure Storage backend does not de-duplicate the start of a sub-orchestration, so a
/// host that dies after starting the fine-tune but before recording it makes the next host start it again while the first
/// run's submit step is still in flight. Before it submits, a run therefore writes a claim on the name
/// (<see cref="StoreLayout.JobSubmissionClaim"/>) with a create-only write. A run that finds a live claim of another
/// claimant waits for the job to appear under the name instead, and takes the claim over only when it has expired
/// (<see cref="ModelUpdateOptions.SubmissionClaimLifetime"/>) with no job to show for it. A run that finds its own
/// claimant's claim (the same fine-tune execution, its step redelivered after the host died between claiming and
/// submitting) goes on at once: that earlier run is gone, and waiting out its claim would stall the fine-tune.
/// </summary>
/// <param name="platform">The compute platform.</param>
/// <param name="store">The object store holding the claims.</param>
/// <param name="options">The model update options.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed partial class JobSubmissions(
    IComputePlatform platform,
    IObjectStore store,
    IOptions<ModelUpdateOptions> options,
    TimeProvider time,
    ILogger<JobSubmissions> logger)
{
    /// <summary>How often a run that waits on another run's claim looks for the job.</summary>
    public static TimeSpan LookupInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The job named <paramref name="submission"/>'s name: the existing one, or the one this call submitted.</summary>
    /// <param name="submission">The job.</param>
    /// <param name="claimant">
    /// Who submits: the same for every run of the step within one fine-tune execution (its replays and redeliveries), and
    /// different for a duplicate execution (<see cref="FineTuneJobSubmission.Claimant"/>).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ComputeJob> SubmitOnceAsync(JobSubmission submission, string claimant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        string key = StoreLayout.JobSubmissionClaim(submission.Name);
        bool waited = false;
        while (true)
        {
            if (await platform.FindJobAsync(submission.Name, cancellationToken) is { } existing)
            {
                return existing;
            }

            TaggedContent? current = await store.ReadTaggedAsync(key, cancellationToken);
            JobSubmissionClaim? held = current is null ? null : JsonSerializer.Deserialize<JobSubmissionClaim>(current.Content, PipelineJson.Options);
            DateTimeOffset now = time.GetUtcNow();
            bool own = held is not null && string.Equals(held.Claimant, claimant, StringComparison.Ordinal);
            if (held is not null && !own && held.IsLiveAt(now))
            {
                if (!waited)
                {
                    LogWaiting(logger, submission.Name, held.ClaimedAt, held.ExpiresAt);
                    waited = true;
                }

                await Task.Delay(LookupInterval, time, cancellationToken);
                continue;
            }

            var claim = new JobSubmissionClaim(submission.Name, claimant, now, now + options.Value.SubmissionClaimLifetime);
            StoredObject written;
            try
            {
                written = await store.WriteIfAsync(
                    key,
                    JsonSerializer.SerializeToUtf8Bytes(claim, PipelineJson.Options),
                    current is null ? WriteCondition.MustNotExist : WriteCondition.Matches(current.ETag),
                    cancellationToken);
            }
            catch (ObjectChangedException)
            {
                // Another run claimed the name between the read and the write: look again.
                continue;
            }

            if (held is not null)
            {
                if (own)
                {
                    LogResumed(logger, submission.Name, held.ClaimedAt);
                }
                else
                {
                    LogTakenOver(logger, submission.Name, held.ClaimedAt);
                }

                // The earlier claimant may have submitted after all, just before this run looked.
                if (await platform.FindJobAsync(submission.Name, cancellationToken) is { } late)
                {
                    return late;
                }
            }

            try
            {
                return await platform.SubmitJobAsync(submission, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync(key, claim, written.ETag);
                throw;
            }
        }
    }

    /// <summary>Expires this run's claim after its submission failed, so a retry claims again at once; best effort.</summary>
    private async Task ReleaseAsync(string key, JobSubmissionClaim claim, string etag)
    {
        try
        {
            await store.WriteIfAsync(key, JsonSerializer.SerializeToUtf8Bytes(claim with { ExpiresAt = claim.ClaimedAt }, PipelineJson.Options), WriteCondition.Matches(etag), CancellationToken.None);
        }
#pragma warning disable CA1031 // Best effort on a failure path: whatever the store throws, the claim expires on its own.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    [LoggerMessage(EventId = 560, Level = LogLevel.Information, Message = "Another run claimed the submission of job {JobName} at {ClaimedAt}; waiting for its job (claim expires at {ExpiresAt})")]
    private static partial void LogWaiting(ILogger logger, string jobName, DateTimeOffset claimedAt, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 562, Level = LogLevel.Warning, Message = "An earlier run of this fine-tune claimed job {JobName} at {ClaimedAt} and left no job under the name; this run submits it")]
    private static partial void LogResumed(ILogger logger, string jobName, DateTimeOffset claimedAt);

    [LoggerMessage(EventId = 561, Level = LogLevel.Warning, Message = "The claim on job {JobName} made at {ClaimedAt} expired with no job under the name; this run submits it")]
    private static partial void LogTakenOver(ILogger logger, string jobName, DateTimeOffset claimedAt);
}
