namespace Feedback.Pipeline.Ports;

/// <summary>What a fine-tuning job's platform state means to the pipeline.</summary>
public enum JobPhase
{
    /// <summary>Queued or waiting for its cluster.</summary>
    Starting,
    /// <summary>Running (or transiently errored and retrying).</summary>
    Running,
    /// <summary>Finished successfully.</summary>
    Succeeded,
    /// <summary>Finished without a model.</summary>
    Failed,
}
