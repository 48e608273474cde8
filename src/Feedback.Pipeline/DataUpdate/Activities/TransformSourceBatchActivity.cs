using Microsoft.DurableTask;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>Transforms a batch of source objects one after the other (see <see cref="SourceObjectTransform"/>).</summary>
/// <param name="transform">The transform of one object.</param>
public sealed class TransformSourceBatchActivity(SourceObjectTransform transform)
    : TaskActivity<IReadOnlyList<SourceObjectRef>, TransformedObject[]>
{
    /// <inheritdoc />
    public override async Task<TransformedObject[]> RunAsync(TaskActivityContext context, IReadOnlyList<SourceObjectRef> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var results = new TransformedObject[input.Count];
        for (int i = 0; i < input.Count; i++)
        {
            results[i] = await transform.TransformAsync(input[i]);
        }

        return results;
    }
}
