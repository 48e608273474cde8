using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Feedback.Emulator.Platform;

/// <summary>
/// Runs jobs as the platform does: PENDING, then RUNNING; a failed run is ERRORED and, with retries left, RESTARTING
/// and RUNNING again, else OUT_OF_RETRIES; a run that ends well is SUCCESS. The run itself is LLM-Forge's fine-tune.
/// </summary>
public sealed partial class JobRunner(IOptions<EmulatorOptions> options, Faults faults, TimeProvider time, LlmForge llmForge, ILogger<JobRunner> logger)
{
    private readonly ConcurrentDictionary<string, EmulatedJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>All jobs, oldest first.</summary>
    public IEnumerable<EmulatedJob> All => _jobs.Values.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id, StringComparer.Ordinal);

    /// <summary>A job by id.</summary>
    public EmulatedJob? Get(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Creates a job and starts it in the background.</summary>
    public EmulatedJob Submit(string name, string projectId, JsonObject config, int maxRetries)
    {
        var now = time.GetUtcNow();
        var job = new EmulatedJob
        {
            Id = $"prodjob_{Guid.NewGuid():N}"[..34],
            Name = name,
            ProjectId = projectId,
            Config = config,
            MaxRetries = maxRetries,
            CreatedAt = now,
            TransitionedAt = now,
        };
        _jobs[job.Id] = job;
        _ = Task.Run(() => RunAsync(job));
        return job;
    }

    /// <summary>Terminates a job that has not finished (asynchronous on the platform; immediate here).</summary>
    public void Terminate(EmulatedJob job)
    {
        lock (job)
        {
            if (job.IsTerminal) return;
            Move(job, "TERMINATED");
        }

        job.Cancellation.Cancel();
    }

    private async Task RunAsync(EmulatedJob job)
    {
        var ct = job.Cancellation.Token;
        try
        {
            await Task.Delay(options.Value.JobStepDelay, time, ct);
            for (int attempt = 0; ; attempt++)
            {
                if (!TryMove(job, attempt == 0 ? "RUNNING" : "RESTARTING")) return;
                if (attempt > 0 && !TryMove(job, "RUNNING")) return;
                try
                {
                    await Task.Delay(options.Value.JobStepDelay, time, ct);
                    if (faults.TakeJobFailure()) throw new InvalidOperationException("injected failure: the job's worker crashed");
                    await llmForge.RunAsync(job, ct);
                    lock (job)
                    {
                        if (job.State != "RUNNING") return;
                        job.Error = null;
                        Move(job, "SUCCESS");
                    }

                    return;
                }
#pragma warning disable CA1031 // A failed run reports any error in the job's state, as the platform does.
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogJobFailed(logger, job.Id, ex.Message);
                    job.Logs.Enqueue("error: " + ex.Message);
                    lock (job)
                    {
                        if (job.IsTerminal) return;
                        job.Error = ex.Message;
                        Move(job, attempt < job.MaxRetries ? "ERRORED" : "OUT_OF_RETRIES");
                        if (job.IsTerminal) return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private bool TryMove(EmulatedJob job, string state)
    {
        lock (job)
        {
            if (job.IsTerminal) return false;
            Move(job, state);
            return true;
        }
    }

    private void Move(EmulatedJob job, string state)
    {
        job.State = state;
        job.TransitionedAt = time.GetUtcNow();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} failed: {Error}")]
    private static partial void LogJobFailed(ILogger logger, string jobId, string error);
}
