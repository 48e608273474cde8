namespace Feedback.Core.Mr;

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
