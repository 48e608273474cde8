using System.Text.Json;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>Publishes the data-transformed event on the event queue.</summary>
/// <param name="queue">The event queue.</param>
/// <param name="options">The data update options.</param>
public sealed class PublishDataTransformedActivity(IEventQueueClient queue, IOptions<DataUpdateOptions> options) : TaskActivity<DataTransformedEvent, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, DataTransformedEvent input)
    {
        await queue.SendAsync(options.Value.EventQueue, JsonSerializer.Serialize(input, PipelineJson.Options));
        return true;
    }
}
