using System.Text.Json;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Structuring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Host.Api;

/// <summary>The newest rollout report.</summary>
/// <param name="InstanceId">The rollout that wrote it.</param>
/// <param name="Html">The route of its HTML page.</param>
/// <param name="Markdown">The route of its Markdown.</param>
/// <param name="LastModified">When it was written.</param>
public sealed record ReportLink(string InstanceId, string Html, string Markdown, DateTimeOffset LastModified);
