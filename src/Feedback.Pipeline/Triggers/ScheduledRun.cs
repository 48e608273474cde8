namespace Feedback.Pipeline.Triggers;

/// <summary>The input a timer trigger gives the orchestration it starts.</summary>
/// <param name="ScheduledFor">The occurrence of the schedule that fired (UTC).</param>
public sealed record ScheduledRun(DateTimeOffset ScheduledFor);
