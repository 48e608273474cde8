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

/// <summary>The stable codes of <see cref="QuarantineReason"/>, used in quarantine files, manifests and metrics.</summary>
public static class QuarantineReasonCodes
{
    /// <summary>The kebab-case code of a reason, e.g. <c>broken-json</c>.</summary>
    /// <param name="reason">The reason.</param>
    public static string Code(this QuarantineReason reason) => reason switch
    {
        QuarantineReason.BrokenJson => "broken-json",
        QuarantineReason.NotAnObject => "not-an-object",
        QuarantineReason.InvalidUtf8 => "invalid-utf8",
        QuarantineReason.MissingField => "missing-field",
        QuarantineReason.WrongType => "wrong-type",
        QuarantineReason.BadTimestamp => "bad-timestamp",
        QuarantineReason.EmptyText => "empty-text",
        QuarantineReason.TooLong => "too-long",
        QuarantineReason.InvalidMr => "invalid-mr",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
