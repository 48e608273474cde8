namespace Feedback.Core.Jsonl;

/// <summary>One line of a JSONL stream. <see cref="Bytes"/> is only valid until the reader moves on.</summary>
/// <param name="Number">One-based line number.</param>
/// <param name="Bytes">The line's bytes without the line ending; empty when <see cref="TooLong"/>.</param>
/// <param name="TooLong">The line was longer than the reader's limit and was skipped.</param>
public readonly record struct JsonlLine(long Number, ReadOnlyMemory<byte> Bytes, bool TooLong);
