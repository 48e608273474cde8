using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Feedback.Emulator.Platform;

/// <summary>A job as the API shows it (the SDK's <c>ProductionJob</c>).</summary>
public sealed class EmulatedJob
{
    /// <summary>The id, <c>prodjob_...</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The name given at submission (not unique).</summary>
    public required string Name { get; init; }
    /// <summary>The project.</summary>
    public required string ProjectId { get; init; }
    /// <summary>The submitted config, as sent.</summary>
    public required JsonObject Config { get; init; }
    /// <summary>Platform-side retries after a failed run.</summary>
    public required int MaxRetries { get; init; }
    /// <summary>The current state (<c>HaJobStates</c>).</summary>
    public string State { get; set; } = "PENDING";
    /// <summary>Why it failed.</summary>
    public string? Error { get; set; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the state last changed.</summary>
    public DateTimeOffset TransitionedAt { get; set; }
    /// <summary>Log lines (the platform keeps them in its log store, not in the API).</summary>
    public ConcurrentQueue<string> Logs { get; } = new();
    /// <summary>Cancels the run on terminate.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Whether the job has finished.</summary>
    public bool IsTerminal => State is "SUCCESS" or "TERMINATED" or "BROKEN" or "OUT_OF_RETRIES";

    /// <summary>The wire form: the fields of <c>ProductionJob</c>, no others.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["description"] = null,
        ["created_at"] = CreatedAt.ToString("O"),
        ["creator_id"] = "usr_emulator",
        ["config"] = Config.DeepClone(),
        ["job_queue_config"] = null,
        ["state"] = new JsonObject
        {
            ["id"] = $"prodjobstate_{Id[8..]}",
            ["state_transitioned_at"] = TransitionedAt.ToString("O"),
            ["current_state"] = State,
            ["goal_state"] = State == "TERMINATED" ? "TERMINATED" : "SUCCESS",
            ["error"] = Error,
            ["operation_message"] = null,
            ["cluster_id"] = null,
        },
        ["project_id"] = ProjectId,
        ["last_job_run_id"] = null,
        ["schedule_id"] = null,
        ["job_queue_id"] = null,
    };
}
