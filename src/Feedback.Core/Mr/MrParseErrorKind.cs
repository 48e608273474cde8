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
