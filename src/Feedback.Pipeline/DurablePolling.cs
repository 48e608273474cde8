using Microsoft.DurableTask;

namespace Feedback.Pipeline;

/// <summary>
/// The one durable polling loop of the pipeline, used by the fine-tune and the deploy wait: poll through an activity,
/// decide, wait on a durable timer whose interval grows (never past the deadline), and stop when the poll is done or
/// failed, when the deadline passes, or when this generation's polls are spent, so the caller continues as new with a
/// short history. Deterministic: orchestration time and durable timers only.
/// </summary>
public static class DurablePolling
{
    /// <summary>Polls until done, failed, past <paramref name="deadline"/>, or <paramref name="pollsPerGeneration"/> polls in this generation.</summary>
    /// <typeparam name="T">What is polled.</typeparam>
    /// <param name="context">The orchestration context.</param>
    /// <param name="poll">Reads the current value (an activity call).</param>
    /// <param name="decide">What the value means.</param>
    /// <param name="wait">The wait before the next poll, by the number of polls so far.</param>
    /// <param name="deadline">When to give up (orchestration time).</param>
    /// <param name="pollsSoFar">Polls done in earlier generations.</param>
    /// <param name="pollsPerGeneration">Polls before the caller continues as new.</param>
    public static async Task<PollResult<T>> UntilAsync<T>(
        TaskOrchestrationContext context,
        Func<Task<T>> poll,
        Func<T, PollStep> decide,
        Func<int, TimeSpan> wait,
        DateTime deadline,
        int pollsSoFar,
        int pollsPerGeneration)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(poll);
        ArgumentNullException.ThrowIfNull(decide);
        ArgumentNullException.ThrowIfNull(wait);
        int polls = pollsSoFar;
        for (int generation = 0; ; )
        {
            T value = await poll();
            switch (decide(value))
            {
                case PollStep.Done:
                    return new PollResult<T>(PollEnd.Done, value, polls);
                case PollStep.Failed:
                    return new PollResult<T>(PollEnd.Failed, value, polls);
            }

            if (context.CurrentUtcDateTime >= deadline)
            {
                return new PollResult<T>(PollEnd.DeadlinePassed, value, polls);
            }

            DateTime wakeAt = context.CurrentUtcDateTime + wait(polls);
            await context.CreateTimer(wakeAt < deadline ? wakeAt : deadline, CancellationToken.None);
            polls++;
            if (++generation >= pollsPerGeneration)
            {
                return new PollResult<T>(PollEnd.GenerationSpent, value, polls);
            }
        }
    }
}
