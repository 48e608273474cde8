using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Feedback.Core.Jsonl;

/// <summary>Writes one JSON object per line to a stream, UTF-8 without escaping non-ASCII text.</summary>
public sealed class JsonlWriter : IAsyncDisposable
{
    private static readonly byte[] Newline = [(byte)'\n'];
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _writer;
    private readonly bool _leaveOpen;

    /// <summary>Creates a writer over <paramref name="stream"/>.</summary>
    public JsonlWriter(Stream stream, bool leaveOpen = false)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _leaveOpen = leaveOpen;
        _writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    /// <summary>Lines written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Writes one value as one line.</summary>
    public async ValueTask WriteAsync<T>(T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        JsonSerializer.Serialize(_writer, value, typeInfo);
        _writer.Flush();
        _writer.Reset();
        _stream.Write(Newline);
        Count++;
        if (Count % 256 == 0) await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _stream.FlushAsync().ConfigureAwait(false);
        if (!_leaveOpen) await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
