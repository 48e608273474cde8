namespace Feedback.Emulator.Platform;

/// <summary>Misbehaviour on demand, set through <c>POST /admin/faults</c> or in tests.</summary>
public sealed class Faults
{
    private readonly Lock _gate = new();
    private int _failNext;
    private int _failJobs;
    private int _resetNext;

    /// <summary>The status the next failing calls answer: 429 or 503. Default 503.</summary>
    public int FailStatus { get; private set; } = 503;

    /// <summary>Extra latency on every API and chat call.</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>Whether new canary versions become UNHEALTHY instead of RUNNING.</summary>
    public bool UnhealthyCanary { get; private set; }

    /// <summary>Calls that fail with <see cref="FailStatus"/> before the platform behaves again; -1 for an outage.</summary>
    public int FailNext { get { lock (_gate) return _failNext; } }

    /// <summary>Sets the faults.</summary>
    public void Set(int failNext, int failStatus, TimeSpan delay, int failJobs, bool unhealthyCanary, int resetNext = 0)
    {
        lock (_gate)
        {
            _resetNext = resetNext;
            _failNext = failNext;
            FailStatus = failStatus is 429 or 500 or 502 or 503 or 504 ? failStatus : 503;
            Delay = delay;
            _failJobs = failJobs;
            UnhealthyCanary = unhealthyCanary;
        }
    }

    /// <summary>Clears every fault.</summary>
    public void Clear() => Set(0, 503, TimeSpan.Zero, 0, false);

    /// <summary>Whether this call's connection should be reset without an answer (consumes one reset).</summary>
    public bool TakeReset()
    {
        lock (_gate)
        {
            if (_resetNext <= 0) return false;
            _resetNext--;
            return true;
        }
    }

    /// <summary>Whether this call should fail (consumes one failure).</summary>
    public bool TakeCallFailure()
    {
        lock (_gate)
        {
            if (_failNext == 0) return false;
            if (_failNext > 0) _failNext--;
            return true;
        }
    }

    /// <summary>Whether the next job should fail (consumes one).</summary>
    public bool TakeJobFailure()
    {
        lock (_gate)
        {
            if (_failJobs <= 0) return false;
            _failJobs--;
            return true;
        }
    }
}
