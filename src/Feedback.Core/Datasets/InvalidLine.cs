namespace Feedback.Core.Datasets;

/// <summary>One line of a labelled file that is not a valid example.</summary>
/// <param name="LineNumber">One-based line number.</param>
/// <param name="Reason">Why it is invalid.</param>
public sealed record InvalidLine(long LineNumber, string Reason);
