namespace Feedback.Core.Mr;

/// <summary>What kind of value an attribute holds, which decides how it is validated.</summary>
public enum AttributeKind
{
    /// <summary>Free text such as a game title, developer or specifier.</summary>
    OpenText,
    /// <summary>One value of a closed set (esrb, rating).</summary>
    Closed,
    /// <summary><c>yes</c> or <c>no</c>.</summary>
    Boolean,
    /// <summary>Four digits.</summary>
    Year,
    /// <summary>A year, or a date written <c>Month D, YYYY</c>.</summary>
    Date,
    /// <summary>A list of items of a closed vocabulary, separated by <c>", "</c>.</summary>
    List,
}
