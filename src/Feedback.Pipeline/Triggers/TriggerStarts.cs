using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Feedback.Pipeline.Triggers;

/// <summary>
/// How triggers name and start orchestrations. Instance ids are derived from what fired the
/// trigger, so a trigger that fires twice for the same cause (a redelivered message, a blob seen
/// by two polls, two hosts) starts one orchestration. The Functions app and the self-hosted runtime
/// both use these rules.
/// </summary>
public static class TriggerStarts
{
    /// <summary>The instance id for a schedule occurrence: <c>{orchestration}-schedule-{yyyyMMddTHHmmssZ}</c>.</summary>
    /// <param name="orchestration">The orchestration name.</param>
    /// <param name="occurrence">The occurrence.</param>
    public static string ScheduleInstanceId(string orchestration, DateTimeOffset occurrence) =>
        $"{orchestration}-schedule-{occurrence.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";

    /// <summary>The instance id for a queue message: <c>{orchestration}-message-{messageId}</c>.</summary>
    /// <param name="orchestration">The orchestration name.</param>
    /// <param name="messageId">The queue's message id.</param>
    public static string MessageInstanceId(string orchestration, string messageId) =>
        $"{orchestration}-message-{Sanitise(messageId)}";

    /// <summary>
    /// The instance id for a queued start: the message's cause when it names one, else the message. A message whose JSON
    /// input has a <c>datasetVersion</c> (the <c>data-transformed</c> event) is about that dataset version, so its id is
    /// <c>{orchestration}-dataset-{version}</c>: the same event published again after a crash, or delivered twice, gets
    /// another message id but starts nothing new. Other messages: <see cref="MessageInstanceId"/>.
    /// </summary>
    /// <param name="orchestration">The orchestration name.</param>
    /// <param name="messageId">The queue's message id.</param>
    /// <param name="input">The message's JSON input.</param>
    public static string QueuedInstanceId(string orchestration, string messageId, JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in input.EnumerateObject())
            {
                if (string.Equals(property.Name, "datasetVersion", StringComparison.OrdinalIgnoreCase)
                    && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } version)
                {
                    return DatasetInstanceId(orchestration, version);
                }
            }
        }

        return MessageInstanceId(orchestration, messageId);
    }

    /// <summary>The instance id of an orchestration about one dataset version: <c>{orchestration}-dataset-{version}</c>.</summary>
    /// <param name="orchestration">The orchestration name.</param>
    /// <param name="datasetVersion">The dataset version.</param>
    public static string DatasetInstanceId(string orchestration, string datasetVersion) =>
        $"{orchestration}-dataset-{Sanitise(datasetVersion)}";

    /// <summary>The instance id for one version of an object: <c>{orchestration}-object-{hash of key and tag}</c>.</summary>
    /// <param name="orchestration">The orchestration name.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="etag">The object's tag.</param>
    public static string ObjectInstanceId(string orchestration, string key, string etag)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{key}\u001F{etag.Trim('"')}"));
        return $"{orchestration}-object-{Convert.ToHexStringLower(hash.AsSpan(0, 12))}";
    }

    /// <summary>
    /// Parses a queue message body as <paramref name="orchestration"/>'s JSON input; throws <see cref="JsonException"/>
    /// when it is not JSON, <see cref="InvalidDataException"/> when the orchestration cannot read it (so the message is
    /// retried, then moved to the poison queue, and nothing starts).
    /// </summary>
    /// <param name="body">The message text.</param>
    /// <param name="orchestration">The orchestration the message starts.</param>
    public static JsonElement ParseMessage(string body, string orchestration)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        JsonElement input = document.RootElement.Clone();
        return OrchestrationInputs.Problem(orchestration, input) is { } problem ? throw new InvalidDataException(problem) : input;
    }

    /// <summary>
    /// Starts <paramref name="orchestration"/> as <paramref name="instanceId"/> unless an instance
    /// with that id exists already. Returns whether this call started it.
    /// </summary>
    /// <param name="client">The durable client.</param>
    /// <param name="orchestration">The orchestration name.</param>
    /// <param name="instanceId">The deterministic instance id.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<bool> StartOnceAsync(
        DurableTaskClient client, string orchestration, string instanceId, object? input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                new TaskName(orchestration), input, new StartOrchestrationOptions(instanceId), cancellationToken);
            return true;
        }
        catch (Exception)
        {
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                // Another host (or a second delivery) started it between the lookup and the start.
                return false;
            }

            throw;
        }
    }

    /// <summary>
    /// Starts <paramref name="orchestration"/> under a fixed <paramref name="instanceId"/> unless an
    /// instance with that id is pending or running; a finished one is replaced. Returns whether this
    /// call started it.
    /// </summary>
    /// <param name="client">The durable client.</param>
    /// <param name="orchestration">The orchestration name.</param>
    /// <param name="instanceId">The singleton's instance id.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<bool> StartSingletonAsync(
        DurableTaskClient client, string orchestration, string instanceId, object? input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { IsCompleted: false })
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(orchestration), input, new StartOrchestrationOptions(instanceId), cancellationToken);
        return true;
    }

    private static string Sanitise(string value) =>
        new(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
