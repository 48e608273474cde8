using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

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
