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

/// <summary>One ingested object in the ledger.</summary>
/// <param name="ETag">The tag it had when read.</param>
/// <param name="Source">Its source.</param>
/// <param name="Version">The dataset version current after it was read.</param>
/// <param name="IngestedAt">When.</param>
public sealed record IngestedObject(string ETag, string Source, string? Version, DateTimeOffset IngestedAt);
