using System.Runtime.ExceptionServices;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// One batch's buffers on their way through the transform: the lines read into it, the chunks its rows are transformed
/// into, and how many chunks hold output. The transformer reuses a few slots over a whole export.
/// </summary>
/// <param name="lines">The batch of lines.</param>
/// <param name="chunks">The chunks the batch is transformed into.</param>
internal sealed class TransformSlot(SourceObjectTransformer.LineBatch lines, TransformChunk[] chunks)
{
    /// <summary>The lines read into the slot.</summary>
    public SourceObjectTransformer.LineBatch Lines { get; } = lines;

    /// <summary>The chunks, in line order.</summary>
    public TransformChunk[] Chunks { get; } = chunks;

    /// <summary>The chunks that hold this batch's output.</summary>
    public int Used { get; set; }

    /// <summary>What the transform threw, rethrown where the slot is written.</summary>
    public ExceptionDispatchInfo? Failure { get; set; }
}
