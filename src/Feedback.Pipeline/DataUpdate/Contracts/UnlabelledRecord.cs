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

/// <summary>An unlabelled record kept in <c>unlabelled.jsonl</c>.</summary>
/// <param name="Id">The source's id.</param>
/// <param name="Source">The source.</param>
/// <param name="ReceivedAt">When it was sent.</param>
/// <param name="Text">The normalised text.</param>
public sealed record UnlabelledRecord(string Id, string Source, DateTimeOffset ReceivedAt, string Text);
