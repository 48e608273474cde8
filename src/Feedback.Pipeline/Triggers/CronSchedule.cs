using Cronos;

namespace Feedback.Pipeline.Triggers;

/// <summary>Six-field cron schedules (seconds first, UTC), as Azure Functions timer triggers use them.</summary>
public static class CronSchedule
{
    /// <summary>Parses an expression; throws <see cref="CronFormatException"/> when it is not valid.</summary>
    /// <param name="expression">The expression, e.g. <c>0 0 */6 * * *</c>.</param>
    public static CronExpression Parse(string expression) => CronExpression.Parse(expression, CronFormat.IncludeSeconds);

    /// <summary>Tells whether an expression is a valid six-field cron expression.</summary>
    /// <param name="expression">The expression.</param>
    public static bool IsValid(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        try
        {
            Parse(expression);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The latest occurrence at or before <paramref name="now"/> (within the last 31 days), which is
    /// the occurrence a timer firing at <paramref name="now"/> stands for; null when there is none.
    /// </summary>
    /// <param name="expression">The expression.</param>
    /// <param name="now">When the timer fired.</param>
    public static DateTimeOffset? LatestOccurrence(string expression, DateTimeOffset now)
    {
        CronExpression schedule = Parse(expression);
        DateTimeOffset? latest = null;
        foreach (DateTimeOffset occurrence in schedule.GetOccurrences(now.AddDays(-31), now, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true))
        {
            latest = occurrence;
        }

        return latest;
    }
}
