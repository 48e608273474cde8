namespace Feedback.SampleData;

/// <summary>One file of the generated data set: a path relative to <c>data/</c> and its text.</summary>
/// <param name="Path">Relative path with forward slashes.</param>
/// <param name="Content">UTF-8 text, LF line endings.</param>
public sealed record GeneratedFile(string Path, string Content);
