namespace Feedback.Pipeline.Tests.Ingestion;

/// <summary>A stream that serves <paramref name="content"/> and then fails: reading past <paramref name="failAfter"/> bytes, or any write when <paramref name="failWrites"/>.</summary>
/// <param name="content">What reads return.</param>
/// <param name="failAfter">Bytes read before a read fails.</param>
/// <param name="failWrites">Whether writes fail.</param>
internal sealed class FailingStream(byte[] content, long failAfter, bool failWrites = false) : Stream
{
    private readonly MemoryStream _inner = new(content);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_inner.Position >= failAfter)
        {
            throw new IOException("The connection to the store was reset.");
        }

        return _inner.Read(buffer, offset, (int)Math.Min(count, failAfter - _inner.Position));
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (failWrites)
        {
            throw new IOException("The disk is full.");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
