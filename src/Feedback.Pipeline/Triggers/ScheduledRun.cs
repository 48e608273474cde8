using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Feedback.Pipeline.Triggers;

/// <summary>The input a timer trigger gives the orchestration it starts.</summary>
/// <param name="ScheduledFor">The occurrence of the schedule that fired (UTC).</param>
public sealed record ScheduledRun(DateTimeOffset ScheduledFor);
