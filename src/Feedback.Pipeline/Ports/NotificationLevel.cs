namespace Feedback.Pipeline.Ports;

/// <summary>How loud a notification is.</summary>
public enum NotificationLevel
{
    /// <summary>Good news: a promotion, a new version.</summary>
    Info,

    /// <summary>Someone should look: a rejection, a failure, a timeout.</summary>
    Alert,
}
