namespace Feedback.Pipeline;

/// <summary>How a durable poll ended, with the last value polled.</summary>
/// <typeparam name="T">What is polled.</typeparam>
/// <param name="End">Why it stopped.</param>
/// <param name="Last">The last value polled.</param>
/// <param name="Polls">Polls so far, across generations (to carry into the next one).</param>
public sealed record PollResult<T>(PollEnd End, T Last, int Polls);
