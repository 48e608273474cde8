using System.Buffers;
using System.Runtime.CompilerServices;

namespace Feedback.Core.Jsonl;

/// <summary>
/// Streams the lines of a JSONL file in constant memory: a reused buffer, lines longer than a limit are
/// reported and skipped rather than buffered. Blank lines are skipped; a UTF-8 BOM and CR before LF are dropped.
/// </summary>
public static class JsonlReader
{
    /// <summary>The default longest line: 1 MiB.</summary>
    public const int DefaultMaxLineBytes = 1 << 20;

    /// <summary>Reads the lines of <paramref name="stream"/>.</summary>
    public static async IAsyncEnumerable<JsonlLine> ReadLinesAsync(
        Stream stream,
        int maxLineBytes = DefaultMaxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 16);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxLineBytes, 64 * 1024) + 1);
        try
        {
            var start = 0;
            var end = 0;
            var lineNumber = 0L;
            var skipping = false;
            var first = true;
            var eof = false;
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (newline < 0 && !eof)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buffer.Length)
                    {
                        if (buffer.Length > maxLineBytes)
                        {
                            // The line is over the limit: drop what we have and skip to its end.
                            skipping = true;
                            end = 0;
                        }
                        else
                        {
                            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxLineBytes + 1));
                            Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = bigger;
                        }
                    }
                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                    if (read == 0) eof = true;
                    end += read;
                    continue;
                }

                var lineEnd = newline < 0 ? end : newline;
                if (newline < 0 && start == lineEnd && !skipping) yield break;

                lineNumber++;
                var length = lineEnd - start;
                if (skipping)
                {
                    skipping = false;
                    yield return new JsonlLine(lineNumber, ReadOnlyMemory<byte>.Empty, TooLong: true);
                }
                else
                {
                    var lineStart = start;
                    if (first && length >= 3 && buffer[lineStart] == 0xEF && buffer[lineStart + 1] == 0xBB && buffer[lineStart + 2] == 0xBF)
                    {
                        lineStart += 3;
                        length -= 3;
                    }
                    if (length > 0 && buffer[lineStart + length - 1] == '\r') length--;
                    if (length > maxLineBytes)
                    {
                        yield return new JsonlLine(lineNumber, ReadOnlyMemory<byte>.Empty, TooLong: true);
                    }
                    else if (!IsBlank(buffer.AsSpan(lineStart, length)))
                    {
                        yield return new JsonlLine(lineNumber, buffer.AsMemory(lineStart, length), TooLong: false);
                    }
                }
                first = false;
                if (newline < 0) yield break;
                start = newline + 1;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        }
        return true;
    }
}
