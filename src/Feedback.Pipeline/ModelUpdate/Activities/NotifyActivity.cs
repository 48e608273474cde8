using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Sends a notification; one that cannot be delivered is logged instead, never failing the work it reports on.</summary>
/// <param name="notifier">The notifier.</param>
/// <param name="logger">Where undelivered notifications go.</param>
public sealed partial class NotifyActivity(INotifier notifier, Microsoft.Extensions.Logging.ILogger<NotifyActivity> logger) : TaskActivity<Notification, bool>
{
    /// <summary>Delivers the notification; false when it could not be (it is then logged, and the work it reports on stands).</summary>
    public override async Task<bool> RunAsync(TaskActivityContext context, Notification input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            await notifier.NotifyAsync(input);
            return true;
        }
#pragma warning disable CA1031 // A notification that cannot be delivered must not undo or fail the promotion, rollback or alert it reports.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // Only the exception's type and status: messages of HTTP failures may name the endpoint, which is a secret for webhooks.
            LogUndelivered(logger, input.Level, input.Title, input.Summary, e.GetType().Name, (e as HttpRequestException)?.StatusCode?.ToString() ?? "-");
            return false;
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 620, Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Notification not delivered ({ErrorType}, status {Status}); it was: [{Level}] {Title}: {Summary}")]
    private static partial void LogUndelivered(Microsoft.Extensions.Logging.ILogger logger, NotificationLevel level, string title, string summary, string errorType, string status);
}
