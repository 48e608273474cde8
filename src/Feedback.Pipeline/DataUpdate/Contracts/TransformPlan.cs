namespace Feedback.Pipeline.DataUpdate;

/// <summary>How the transforms are batched and how many run at once.</summary>
/// <param name="Parallelism">Transform activities at once.</param>
/// <param name="BatchObjects">Most objects per activity.</param>
/// <param name="BatchBytes">Most bytes per activity.</param>
public sealed record TransformPlan(int Parallelism, int BatchObjects, long BatchBytes)
{
    /// <summary>Groups objects, in order, into batches of at most <see cref="BatchObjects"/> objects and <see cref="BatchBytes"/> bytes (a bigger object alone).</summary>
    /// <param name="objects">The objects.</param>
    public IReadOnlyList<IReadOnlyList<SourceObjectRef>> Batch(IReadOnlyList<SourceObjectRef> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var batches = new List<IReadOnlyList<SourceObjectRef>>();
        var current = new List<SourceObjectRef>();
        long bytes = 0;
        foreach (SourceObjectRef o in objects)
        {
            if (current.Count > 0 && (current.Count >= BatchObjects || bytes + o.Size > BatchBytes))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(o);
            bytes += o.Size;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }
}
