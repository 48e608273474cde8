namespace Feedback.Core.Ingestion;

/// <summary>Why a source row was quarantined instead of accepted.</summary>
public enum QuarantineReason
{
    /// <summary>The line is not JSON.</summary>
    BrokenJson,

    /// <summary>The line is JSON but not an object.</summary>
    NotAnObject,

    /// <summary>The line is not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>A field the source's shape requires is absent.</summary>
    MissingField,

    /// <summary>A field has the wrong JSON type.</summary>
    WrongType,

    /// <summary>The timestamp is not a date.</summary>
    BadTimestamp,

    /// <summary>The text is empty after normalisation.</summary>
    EmptyText,

    /// <summary>The text (or the whole line) is longer than allowed.</summary>
    TooLong,

    /// <summary>The MR label does not follow the grammar.</summary>
    InvalidMr,
}
