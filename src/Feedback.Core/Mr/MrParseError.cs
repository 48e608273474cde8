namespace Feedback.Core.Mr;

/// <summary>Why a text is not an MR.</summary>
public enum MrParseErrorKind
{
    /// <summary>The text is empty or whitespace.</summary>
    Empty,
    /// <summary>No dialogue act name at the start.</summary>
    ExpectedDialogueAct,
    /// <summary>The dialogue act is not one of the nine.</summary>
    UnknownDialogueAct,
    /// <summary>The act is not followed by <c>(</c>.</summary>
    ExpectedOpenParenthesis,
    /// <summary><c>()</c>: an MR has at least one slot.</summary>
    NoSlots,
    /// <summary>No attribute name where one must start.</summary>
    ExpectedAttribute,
    /// <summary>The attribute is not one of the fourteen.</summary>
    UnknownAttribute,
    /// <summary>The attribute was already given.</summary>
    DuplicateAttribute,
    /// <summary>The attribute is not followed by <c>[</c>.</summary>
    ExpectedOpenBracket,
    /// <summary>A <c>[</c> inside a value.</summary>
    BracketInValue,
    /// <summary>The value has no closing <c>]</c>.</summary>
    UnterminatedValue,
    /// <summary>After a slot comes neither <c>", "</c> nor <c>)</c>.</summary>
    ExpectedSeparatorOrClose,
    /// <summary>Text after the closing <c>)</c>.</summary>
    TrailingCharacters,
}

/// <summary>A precise parse error: where (zero-based character offset) and why.</summary>
/// <param name="Position">Zero-based offset in the input where the problem starts.</param>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record MrParseError(int Position, MrParseErrorKind Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"at {Position}: {Message}";
}

/// <summary>Thrown by <see cref="MeaningRepresentation.Parse"/> for a text that is not an MR.</summary>
public sealed class MrFormatException : FormatException
{
    /// <summary>Creates the exception for a parse error.</summary>
    public MrFormatException(MrParseError error)
        : base($"Not a valid MR {error}.") => Error = error;

    /// <summary>Creates the exception with a message.</summary>
    public MrFormatException() : this(new MrParseError(0, MrParseErrorKind.Empty, "empty")) { }

    /// <summary>Creates the exception with a message.</summary>
    public MrFormatException(string message) : base(message) => Error = new MrParseError(0, MrParseErrorKind.Empty, message);

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public MrFormatException(string message, Exception innerException) : base(message, innerException) =>
        Error = new MrParseError(0, MrParseErrorKind.Empty, message);

    /// <summary>The parse error.</summary>
    public MrParseError Error { get; }
}
