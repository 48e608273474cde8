using System.Text.Json;
using Microsoft.AspNetCore.Http.Extensions;
using Feedback.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Api;

/// <summary>The result of a purge.</summary>
/// <param name="InstancesDeleted">How many instances were purged.</param>
public sealed record PurgeResponse(int InstancesDeleted);
