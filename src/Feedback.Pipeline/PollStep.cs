namespace Feedback.Pipeline;

/// <summary>What one poll says about the thing being waited for.</summary>
public enum PollStep
{
    /// <summary>Not there yet: wait and poll again.</summary>
    Continue,

    /// <summary>Ready: stop polling.</summary>
    Done,

    /// <summary>It failed: stop polling.</summary>
    Failed,
}
