namespace Feedback.Core.Ingestion;

/// <summary>What <see cref="JsonLineFieldScanner"/> made of a line.</summary>
public enum LineScan
{
    /// <summary>One valid JSON object with the fields found.</summary>
    Found,

    /// <summary>Valid as far as it scanned, but not its to decide (an escaped field or name, deep nesting, a repeated, mistyped or missing field): one reader pass decides.</summary>
    LeaveToReader,

    /// <summary>Not one valid JSON object: no reader would accept it, so the DOM path words why at once.</summary>
    Broken,
}
