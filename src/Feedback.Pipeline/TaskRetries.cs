using Microsoft.DurableTask;

namespace Feedback.Pipeline;

/// <summary>
/// The one catalogue of activity retry policies of the orchestrations. Each activity is idempotent (deterministic
/// names and keys, conditional writes, look-ups before creates), so a retry repeats nothing that was done.
/// </summary>
public static class TaskRetries
{
    /// <summary>Store, registry and queue work: 4 attempts, 2 s doubling (2, 4, 8 s).</summary>
    public static TaskOptions Storage { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    /// <summary>Evaluation and report work in a rollout: 4 attempts, 1 s doubling (1, 2, 4 s).</summary>
    public static TaskOptions Evaluation { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    /// <summary>Metrics, which never cost the data: 3 attempts, 1 s doubling.</summary>
    public static TaskOptions Metrics { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    /// <summary>Calls to the compute platform (on top of the client's own retries): 5 attempts, 2 s doubling, at most 1 min apart.</summary>
    public static TaskOptions Platform { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));
}
