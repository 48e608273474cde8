using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline;

/// <summary>
/// The one way an orchestration alerts when it fails: run its body; when a task fails (or a wait it gave up on times
/// out), run the cleanup, send an alert through <see cref="NotifyActivity"/> naming the step and the reason, and fail
/// with the original error.
/// </summary>
public static class FailureAlerts
{
    /// <summary>Runs <paramref name="body"/>; on a failed task or a timeout, cleans up, alerts and rethrows.</summary>
    /// <typeparam name="T">The orchestration's output.</typeparam>
    /// <param name="context">The orchestration context.</param>
    /// <param name="body">The orchestration's work.</param>
    /// <param name="alert">The alert for a failure in step (a task name, or <c>deployment</c> for a timeout) with its reason.</param>
    /// <param name="cleanup">What to undo before alerting, if anything.</param>
    public static async Task<T> RunAsync<T>(
        TaskOrchestrationContext context, Func<Task<T>> body, Func<string, string, Notification> alert, Func<Task>? cleanup = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(alert);
        try
        {
            return await body();
        }
        catch (Exception e) when (e is TaskFailedException or TimeoutException)
        {
            (string step, string reason) = e is TaskFailedException failed ? (failed.TaskName, failed.FailureDetails.ErrorMessage) : ("deployment", e.Message);
            if (cleanup is not null)
            {
                await cleanup();
            }

            await context.CallActivityAsync(nameof(NotifyActivity), alert(step, reason), TaskRetries.Storage);
            throw;
        }
    }
}
