namespace Feedback.Pipeline.Intake;

/// <summary>How an intake request ended.</summary>
public enum IntakeStatus
{
    /// <summary>Stored.</summary>
    Accepted,

    /// <summary>The idempotency key was seen before with the same body; nothing new stored.</summary>
    Replayed,

    /// <summary>The body or an item is not valid; nothing stored.</summary>
    Invalid,

    /// <summary>The idempotency key was first sent with another body; nothing stored.</summary>
    KeyReused,

    /// <summary>No source with the <c>api</c> format is configured.</summary>
    NoApiSource,
}
