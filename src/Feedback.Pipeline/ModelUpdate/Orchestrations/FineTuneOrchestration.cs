using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// Runs one fine-tune on the compute platform, durably: submits the job once per attempt (the job name is
/// deterministic, looked up before it is created and claimed in the store before it is submitted, so a replay, a
/// restarted host or a duplicate start of this sub-orchestration never submits twice), polls its state with durable
/// timers whose interval grows, continues as new every few polls, terminates the job when the overall timeout
/// passes, and resubmits a failed job within the attempt budget. Fails with a clear reason on timeout or when the
/// budget is spent.
/// </summary>
public sealed class FineTuneOrchestration : TaskOrchestrator<FineTuneState, FineTuneResult>
{
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
                new FineTuneJobSubmission(
                    new JobSubmission(jobName, request.Entrypoint, request.WorkingDirectory, request.EnvironmentVariables),
                    context.NewGuid().ToString("N")),
                TaskRetries.Platform);
            state = state with { JobId = submitted.Id, Polls = 0 };
        }

        PollResult<ComputeJob> polled = await DurablePolling.UntilAsync(
            context,
            async () =>
            {
                ComputeJob job = await context.CallActivityAsync<ComputeJob>(nameof(GetComputeJobActivity), state.JobId, TaskRetries.Platform);
                context.SetCustomStatus(Progress.Detailed("fine-tuning", $"{jobName} {job.State}, attempt {state.Attempt}, {(context.CurrentUtcDateTime - state.StartedAt.Value).TotalSeconds:0} s"));
                return job;
            },
            job => job.Phase switch
            {
                JobPhase.Succeeded => PollStep.Done,
                JobPhase.Failed => PollStep.Failed,
                _ => PollStep.Continue,
            },
            request.Policy.Wait,
            deadline,
            state.Polls,
            request.Policy.PollsPerGeneration);

        ComputeJob last = polled.Last;
        switch (polled.End)
        {
            case PollEnd.Done:
                double minutes = last.CreatedAt is { } c && last.FinishedAt is { } f ? (f - c).TotalMinutes : 0;
                return new FineTuneResult(request.ModelId, last.Id, jobName, state.Attempt, context.CurrentUtcDateTime - state.StartedAt.Value, minutes);

            case PollEnd.Failed:
                List<string> failures = [.. state.Failures ?? [], $"{jobName}: {last.Error ?? last.State}"];
                if (state.Attempt >= request.Policy.MaxAttempts)
                {
                    throw new InvalidOperationException(
                        $"Fine-tune {request.JobName} failed {state.Attempt} time(s), the most allowed: {string.Join("; ", failures)}");
                }

                context.ContinueAsNew(state with { Attempt = state.Attempt + 1, JobId = null, Polls = 0, Failures = failures });
                return null!;

            case PollEnd.DeadlinePassed:
                await context.CallActivityAsync<ComputeJob>(nameof(TerminateComputeJobActivity), state.JobId, TaskRetries.Platform);
                throw new TimeoutException(
                    $"Fine-tune {jobName} did not finish within {request.Policy.Timeout}; the job was terminated (last state {last.State}).");

            default:
                context.ContinueAsNew(state with { Polls = polled.Polls });
                return null!;
        }
    }
}
