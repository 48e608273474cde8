namespace Feedback.Pipeline.ModelUpdate;

/// <summary>How a fine-tune is polled and bounded.</summary>
/// <param name="Timeout">The longest the fine-tune may take, all attempts included; then the job is terminated. Default 6 hours.</param>
/// <param name="MaxAttempts">Jobs submitted at most (a failed job is resubmitted under the next attempt's name). Default 3.</param>
/// <param name="FirstPoll">The first wait between polls. Default 10 s.</param>
/// <param name="MaxPoll">The longest wait between polls. Default 5 min.</param>
/// <param name="PollsPerGeneration">Polls before the orchestration continues as new, keeping its history short. Default 20.</param>
public sealed record FineTunePolicy(
    TimeSpan Timeout,
    int MaxAttempts = 3,
    TimeSpan? FirstPoll = null,
    TimeSpan? MaxPoll = null,
    int PollsPerGeneration = 20)
{
    /// <summary>The defaults: 6 hours, 3 attempts, polls from 10 s growing to 5 min.</summary>
    public static FineTunePolicy Default { get; } = new(TimeSpan.FromHours(6));

    /// <summary>The wait before poll number <paramref name="poll"/> (0-based): doubling from <see cref="FirstPoll"/> up to <see cref="MaxPoll"/>.</summary>
    /// <param name="poll">The poll's number.</param>
    public TimeSpan Wait(int poll)
    {
        TimeSpan first = FirstPoll ?? TimeSpan.FromSeconds(10);
        TimeSpan max = MaxPoll ?? TimeSpan.FromMinutes(5);
        double factor = Math.Pow(2, Math.Min(poll, 30));
        return TimeSpan.FromTicks((long)Math.Min(max.Ticks, first.Ticks * factor));
    }
}
