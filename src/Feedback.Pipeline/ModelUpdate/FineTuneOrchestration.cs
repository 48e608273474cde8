using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>How a fine-tune is polled and bounded.</summary>
/// <param name="Timeout">The longest the fine-tune may take, all attempts included; then the job is terminated. Default 6 hours.</param>
/// <param name="MaxAttempts">Jobs submitted at most (a failed job is resubmitted under the next attempt's name). Default 3.</param>
/// <param name="FirstPoll">The first wait between polls. Default 10 s.</param>
/// <param name="MaxPoll">The longest wait between polls. Default 5 min.</param>
/// <param name="PollsPerGeneration">Polls before the orchestration continues as new, keeping its history short. Default 20.</param>
public sealed record FineTunePolicy(
    TimeSpan Timeout,
    int MaxAttempts = 3,
    TimeSpan? FirstPoll = null,
    TimeSpan? MaxPoll = null,
    int PollsPerGeneration = 20)
{
    /// <summary>The defaults: 6 hours, 3 attempts, polls from 10 s growing to 5 min.</summary>
    public static FineTunePolicy Default { get; } = new(TimeSpan.FromHours(6));

    /// <summary>The wait before poll number <paramref name="poll"/> (0-based): doubling from <see cref="FirstPoll"/> up to <see cref="MaxPoll"/>.</summary>
    /// <param name="poll">The poll's number.</param>
    public TimeSpan Wait(int poll)
    {
        TimeSpan first = FirstPoll ?? TimeSpan.FromSeconds(10);
        TimeSpan max = MaxPoll ?? TimeSpan.FromMinutes(5);
        double factor = Math.Pow(2, Math.Min(poll, 30));
        return TimeSpan.FromTicks((long)Math.Min(max.Ticks, first.Ticks * factor));
    }
}

/// <summary>A fine-tune to run.</summary>
/// <param name="JobName">The job's base name, deterministic (from the dataset version and model suffix); attempt n runs as <c>{JobName}-a{n}</c>.</param>
/// <param name="Entrypoint">The job's command (names the YAML).</param>
/// <param name="WorkingDirectory">Where the YAML and data are.</param>
/// <param name="EnvironmentVariables">Environment of the job (never secrets).</param>
/// <param name="ModelId">The fine-tuned model id the job produces.</param>
/// <param name="Policy">Polling, timeout and attempts.</param>
public sealed record FineTuneRequest(
    string JobName,
    string Entrypoint,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    string ModelId,
    FineTunePolicy Policy);

/// <summary>The state carried across generations (ContinueAsNew).</summary>
/// <param name="Request">The request.</param>
/// <param name="StartedAt">When the first attempt was submitted (orchestration time).</param>
/// <param name="Attempt">The current attempt (1-based).</param>
/// <param name="JobId">The current job, once submitted.</param>
/// <param name="Polls">Polls of the current job so far.</param>
/// <param name="Failures">Why earlier attempts failed.</param>
public sealed record FineTuneState(
    FineTuneRequest Request,
    DateTime? StartedAt = null,
    int Attempt = 1,
    string? JobId = null,
    int Polls = 0,
    IReadOnlyList<string>? Failures = null);

/// <summary>A finished fine-tune.</summary>
/// <param name="ModelId">The fine-tuned model.</param>
/// <param name="JobId">The job that produced it.</param>
/// <param name="JobName">Its name.</param>
/// <param name="Attempts">Jobs submitted.</param>
/// <param name="Duration">From the first submission to success (orchestration time).</param>
/// <param name="ComputeMinutes">Minutes the successful job ran, from its own timestamps.</param>
public sealed record FineTuneResult(string ModelId, string JobId, string JobName, int Attempts, TimeSpan Duration, double ComputeMinutes);

/// <summary>What the fine-tune shows in its custom status.</summary>
/// <param name="JobName">The current job.</param>
/// <param name="State">Its platform state.</param>
/// <param name="Attempt">The attempt.</param>
/// <param name="ElapsedSeconds">Seconds since the first submission.</param>
public sealed record FineTuneProgress(string JobName, string State, int Attempt, double ElapsedSeconds);

/// <summary>
/// Runs one fine-tune on the compute platform, durably: submits the job once per attempt (the job
/// name is deterministic and looked up before it is created, so a replay or a restarted host never
/// submits twice), polls its state with durable timers whose interval grows, continues as new every
/// few polls, terminates the job when the overall timeout passes, and resubmits a failed job within
/// the attempt budget. Fails with a clear reason on timeout or when the budget is spent.
/// </summary>
public sealed class FineTuneOrchestration : TaskOrchestrator<FineTuneState, FineTuneResult>
{
    private static readonly TaskOptions PlatformRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    /// <inheritdoc />
    public override async Task<FineTuneResult> RunAsync(TaskOrchestrationContext context, FineTuneState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        FineTuneState state = input with { StartedAt = input.StartedAt ?? context.CurrentUtcDateTime };
        FineTuneRequest request = state.Request;
        DateTime deadline = state.StartedAt!.Value + request.Policy.Timeout;
        string jobName = $"{request.JobName}-a{state.Attempt}";

        if (state.JobId is null)
        {
            ComputeJob submitted = await context.CallActivityAsync<ComputeJob>(
                nameof(SubmitFineTuneJobActivity),
                new JobSubmission(jobName, request.Entrypoint, request.WorkingDirectory, request.EnvironmentVariables),
                PlatformRetry);
            state = state with { JobId = submitted.Id, Polls = 0 };
        }

        int generationPolls = 0;
        while (true)
        {
            ComputeJob job = await context.CallActivityAsync<ComputeJob>(nameof(GetComputeJobActivity), state.JobId, PlatformRetry);
            context.SetCustomStatus(new FineTuneProgress(jobName, job.State, state.Attempt, (context.CurrentUtcDateTime - state.StartedAt.Value).TotalSeconds));
            if (job.Phase == JobPhase.Succeeded)
            {
                double minutes = job.CreatedAt is { } c && job.FinishedAt is { } f ? (f - c).TotalMinutes : 0;
                return new FineTuneResult(request.ModelId, job.Id, jobName, state.Attempt, context.CurrentUtcDateTime - state.StartedAt.Value, minutes);
            }

            if (job.Phase == JobPhase.Failed)
            {
                List<string> failures = [.. state.Failures ?? [], $"{jobName}: {job.Error ?? job.State}"];
                if (state.Attempt >= request.Policy.MaxAttempts)
                {
                    throw new InvalidOperationException(
                        $"Fine-tune {request.JobName} failed {state.Attempt} time(s), the most allowed: {string.Join("; ", failures)}");
                }

                context.ContinueAsNew(state with { Attempt = state.Attempt + 1, JobId = null, Polls = 0, Failures = failures });
                return null!;
            }

            if (context.CurrentUtcDateTime >= deadline)
            {
                await context.CallActivityAsync<ComputeJob>(nameof(TerminateComputeJobActivity), state.JobId, PlatformRetry);
                throw new TimeoutException(
                    $"Fine-tune {jobName} did not finish within {request.Policy.Timeout}; the job was terminated (last state {job.State}).");
            }

            TimeSpan wait = request.Policy.Wait(state.Polls);
            DateTime wakeAt = context.CurrentUtcDateTime + wait < deadline ? context.CurrentUtcDateTime + wait : deadline;
            await context.CreateTimer(wakeAt, CancellationToken.None);
            state = state with { Polls = state.Polls + 1 };
            if (++generationPolls >= request.Policy.PollsPerGeneration)
            {
                context.ContinueAsNew(state);
                return null!;
            }
        }
    }
}

/// <summary>Submits a job unless one with its name exists (the platform client looks it up first).</summary>
/// <param name="platform">The compute platform.</param>
public sealed class SubmitFineTuneJobActivity(IComputePlatform platform) : TaskActivity<JobSubmission, ComputeJob>
{
    /// <inheritdoc />
    public override async Task<ComputeJob> RunAsync(TaskActivityContext context, JobSubmission input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await platform.FindJobAsync(input.Name) ?? await platform.SubmitJobAsync(input);
    }
}

/// <summary>Reads a job's state.</summary>
/// <param name="platform">The compute platform.</param>
public sealed class GetComputeJobActivity(IComputePlatform platform) : TaskActivity<string, ComputeJob>
{
    /// <inheritdoc />
    public override Task<ComputeJob> RunAsync(TaskActivityContext context, string input) => platform.GetJobAsync(input);
}

/// <summary>Terminates a job (idempotent: a finished job stays finished).</summary>
/// <param name="platform">The compute platform.</param>
public sealed class TerminateComputeJobActivity(IComputePlatform platform) : TaskActivity<string, ComputeJob>
{
    /// <inheritdoc />
    public override Task<ComputeJob> RunAsync(TaskActivityContext context, string input) => platform.TerminateJobAsync(input);
}
