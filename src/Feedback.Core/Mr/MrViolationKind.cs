namespace Feedback.Core.Mr;

/// <summary>The kinds of rule an MR can break once it parses.</summary>
public enum MrViolationKind
{
    /// <summary>Fewer slots than the act allows.</summary>
    TooFewSlots,
    /// <summary>More slots than the act allows.</summary>
    TooManySlots,
    /// <summary>An attribute the act requires is absent.</summary>
    MissingRequiredAttribute,
    /// <summary>The attribute may not appear in this act.</summary>
    AttributeNotAllowed,
    /// <summary>An empty value outside request_attribute.</summary>
    EmptyValue,
    /// <summary>request_attribute with a non-empty value.</summary>
    ValueNotEmpty,
    /// <summary>Leading or trailing whitespace, or a control character, in a value.</summary>
    MalformedText,
    /// <summary>A value outside a closed set (esrb, rating, booleans).</summary>
    InvalidValue,
    /// <summary>release_year is not four digits.</summary>
    InvalidYear,
    /// <summary>exp_release_date is neither a year nor <c>Month D, YYYY</c>.</summary>
    InvalidDate,
    /// <summary>A list item outside the vocabulary.</summary>
    InvalidListItem,
    /// <summary>A list item given twice.</summary>
    DuplicateListItem,
    /// <summary>More list items than allowed.</summary>
    TooManyListItems,
    /// <summary>Attributes are not in canonical order.</summary>
    AttributeOrder,
    /// <summary>List items are not in canonical order.</summary>
    ListItemOrder,
}
