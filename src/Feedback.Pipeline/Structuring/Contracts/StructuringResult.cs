using System.Text;
using System.Text.Json;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Structuring;

/// <summary>The output of <see cref="StructureFeedbackOrchestration"/>.</summary>
/// <param name="Outcome"><c>structured</c> or <c>skipped</c>.</param>
/// <param name="Reason">Why it was skipped, or what was done.</param>
/// <param name="Summary">The summary, when records were structured.</param>
public sealed record StructuringResult(string Outcome, string Reason, StructuringSummary? Summary);
