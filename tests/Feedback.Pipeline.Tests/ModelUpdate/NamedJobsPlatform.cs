using System.Collections.Concurrent;
using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.Tests.ModelUpdate;

/// <summary>
/// The job half of a compute platform as Anyscale behaves (unit tests only): it accepts any number of jobs with one name
/// and finds the newest. A submission can be held in flight (<see cref="HoldSubmissions"/>) or made to fail once.
/// </summary>
internal sealed class NamedJobsPlatform : IComputePlatform
{
    private readonly ConcurrentQueue<ComputeJob> _jobs = new();
    private TaskCompletionSource? _held;
    private int _failures;

    /// <summary>Every job submitted, in order.</summary>
    public IReadOnlyList<ComputeJob> Jobs => [.. _jobs];

    /// <summary>Submissions that reached the platform, failed ones included.</summary>
    public int SubmitCalls;

    /// <summary>Submissions that arrived and wait for <see cref="ReleaseSubmissions"/>.</summary>
    public int Waiting;

    /// <summary>Holds every submission until <see cref="ReleaseSubmissions"/>.</summary>
    public void HoldSubmissions() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets held submissions through.</summary>
    public void ReleaseSubmissions() => _held?.TrySetResult();

    /// <summary>The next <paramref name="count"/> submissions fail without creating a job.</summary>
    public void FailNextSubmissions(int count) => _failures = count;

    /// <summary>A job created behind the product's back (another claimant's late submission).</summary>
    public ComputeJob Add(string name)
    {
        var job = new ComputeJob($"prodjob_{_jobs.Count + 1}", name, "PENDING", JobPhase.Running, null, DateTimeOffset.UnixEpoch.AddMinutes(_jobs.Count), null);
        _jobs.Enqueue(job);
        return job;
    }

    public async Task<ComputeJob> SubmitJobAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref SubmitCalls);
        if (_held is { } held)
        {
            Interlocked.Increment(ref Waiting);
            await held.Task.WaitAsync(cancellationToken);
        }

        if (_failures > 0)
        {
            _failures--;
            throw new HttpRequestException("503 from the platform");
        }

        return Add(submission.Name);
    }

    public Task<ComputeJob?> FindJobAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_jobs.Where(j => j.Name == name).OrderByDescending(j => j.CreatedAt).FirstOrDefault());

    public Task<ComputeJob> GetJobAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ComputeJob> TerminateJobAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ServiceInfo> ApplyServiceAsync(ServiceSpec spec, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ServiceInfo?> FindServiceAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ServiceInfo> GetServiceAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ServiceInfo> RollbackServiceAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ServiceInfo> TerminateServiceAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
