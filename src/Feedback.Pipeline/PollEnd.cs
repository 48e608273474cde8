namespace Feedback.Pipeline;

/// <summary>Why a durable poll stopped.</summary>
public enum PollEnd
{
    /// <summary>The last poll said <see cref="PollStep.Done"/>.</summary>
    Done,

    /// <summary>The last poll said <see cref="PollStep.Failed"/>.</summary>
    Failed,

    /// <summary>The deadline passed before it was done.</summary>
    DeadlinePassed,

    /// <summary>This generation's polls are spent: the orchestration continues as new with the poll count.</summary>
    GenerationSpent,
}
