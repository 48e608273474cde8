namespace Feedback.Core.Mr;

/// <summary>A precise parse error: where (zero-based character offset) and why.</summary>
/// <param name="Position">Zero-based offset in the input where the problem starts.</param>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record MrParseError(int Position, MrParseErrorKind Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"at {Position}: {Message}";
}
