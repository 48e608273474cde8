namespace Feedback.Core.Ingestion;

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
