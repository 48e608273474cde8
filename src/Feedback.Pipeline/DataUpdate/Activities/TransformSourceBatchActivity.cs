using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Core;
using Feedback.Core.FineTuning;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Core.Records;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
