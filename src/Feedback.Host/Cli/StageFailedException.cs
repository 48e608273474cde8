using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Emulator;
using Feedback.Host.Api;
using Feedback.Host.Hosting;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Intake;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Feedback.Host.Cli;

/// <summary>A stage of the run that did not end as it should.</summary>
/// <param name="stage">The stage.</param>
/// <param name="reason">Why.</param>
public sealed class StageFailedException(string stage, string reason) : Exception($"{stage}: {reason}")
{
    /// <summary>The stage that failed.</summary>
    public string Stage { get; } = stage;

    /// <summary>Why.</summary>
    public string Reason { get; } = reason;
}
