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

/// <summary>The counts of one object's transform.</summary>
/// <param name="Rows">Rows read.</param>
/// <param name="Accepted">Rows accepted.</param>
/// <param name="QuarantinedByReason">Rows quarantined per reason code.</param>
public sealed record SourceTransformCounts(long Rows, long Accepted, IReadOnlyDictionary<string, long> QuarantinedByReason)
{
    /// <summary>All quarantined rows.</summary>
    public long Quarantined => QuarantinedByReason.Values.Sum();
}
