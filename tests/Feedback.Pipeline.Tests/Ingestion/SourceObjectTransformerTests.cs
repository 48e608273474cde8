using System.Text;
using System.Text.Json;
using Feedback.Core.Ingestion;
using Feedback.Pipeline.DataUpdate;

namespace Feedback.Pipeline.Tests.Ingestion;

/// <summary>The transformer's pipeline over many batches: order kept across reused buffers, failures surfaced and nothing left running.</summary>
public sealed class SourceObjectTransformerTests
{
    private const int Lines = (SourceObjectTransformer.BatchSize * 9) + 17;

    private static readonly byte[] Export = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, Lines).Select(i =>
        $$"""{"id":"row-{{i}}","text":"Is game {{i}} any good?","receivedAt":"2026-11-01T00:00:00Z"}""" + "\n")));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TransformAsync_ManyBatches_WritesEveryLineOnceInOrder(int threads)
    {
        SourceRowReaders.TryGet("api", out ISourceRowReader reader);
        var accepted = new MemoryStream();

        SourceTransformCounts counts = await SourceObjectTransformer.TransformAsync(reader, "api", new MemoryStream(Export), accepted, new MemoryStream(), threads);

        Assert.Equal(Lines, counts.Rows);
        Assert.Equal(Lines, counts.Accepted);
        string[] staged = Encoding.UTF8.GetString(accepted.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Lines, staged.Length);
        for (int i = 0; i < staged.Length; i++)
        {
            using JsonDocument line = JsonDocument.Parse(staged[i]);
            Assert.Equal($"row-{i}", line.RootElement.GetProperty("id").GetString());
            Assert.Equal(i + 1, line.RootElement.GetProperty("line").GetInt64());
        }
    }

    [Fact]
    public async Task TransformAsync_ReadFailsAfterSeveralBatches_ThrowsTheReadError()
    {
        SourceRowReaders.TryGet("api", out ISourceRowReader reader);

        IOException error = await Assert.ThrowsAsync<IOException>(() => SourceObjectTransformer
            .TransformAsync(reader, "api", new FailingStream(Export, Export.Length / 2), new MemoryStream(), new MemoryStream(), 1)
            .WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("reset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransformAsync_WriteFails_ThrowsTheWriteError()
    {
        SourceRowReaders.TryGet("api", out ISourceRowReader reader);

        IOException error = await Assert.ThrowsAsync<IOException>(() => SourceObjectTransformer
            .TransformAsync(reader, "api", new MemoryStream(Export), new FailingStream([], 0, failWrites: true), new MemoryStream(), 2)
            .WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransformAsync_Cancelled_ThrowsOperationCanceled()
    {
        SourceRowReaders.TryGet("api", out ISourceRowReader reader);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SourceObjectTransformer
            .TransformAsync(reader, "api", new MemoryStream(Export), new MemoryStream(), new MemoryStream(), 1, cancel.Token)
            .WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
