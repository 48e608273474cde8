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

/// <summary>A source object a version ingested.</summary>
/// <param name="Source">Its source.</param>
/// <param name="Key">Its key.</param>
/// <param name="ETag">Its tag.</param>
/// <param name="QuarantineKey">Where its quarantined rows are, if any.</param>
public sealed record ManifestObject(string Source, string Key, string ETag, string? QuarantineKey);
