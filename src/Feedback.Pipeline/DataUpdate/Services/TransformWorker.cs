using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// The thread that transforms batches, in the order they are handed to it, while the caller reads the next batches and
/// writes the finished ones. It runs as one loop on a thread of its own: when it finishes a batch and the next one has
/// been read already, it starts on it at once. Handing each batch to the thread pool instead cost a thread wake-up per
/// batch on the transform's critical path (0.1 to 0.3 ms on a 2-core VM, 6 to 15% of a 2,048-line batch).
/// </summary>
internal sealed class TransformWorker : IDisposable
{
    private readonly ConcurrentQueue<TransformSlot?> _ready = new();
    private readonly ConcurrentQueue<TransformSlot> _done = new();
    private readonly SemaphoreSlim _readyCount = new(0);
    private readonly SemaphoreSlim _doneCount = new(0);
    private readonly Func<TransformSlot, int> _transform;
    private readonly Thread _thread;

    /// <summary>Starts the thread.</summary>
    /// <param name="transform">Transforms a slot's lines into its chunks; returns the chunks used.</param>
    public TransformWorker(Func<TransformSlot, int> transform)
    {
        _transform = transform;
        _thread = new Thread(Run) { IsBackground = true, Name = "feedback-transform" };
        _thread.Start();
    }

    /// <summary>Queues a slot to transform.</summary>
    /// <param name="slot">The slot.</param>
    public void Post(TransformSlot slot)
    {
        _ready.Enqueue(slot);
        _readyCount.Release();
    }

    /// <summary>The next transformed slot, in the order they were posted.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async ValueTask<TransformSlot> TakeAsync(CancellationToken cancellationToken)
    {
        await _doneCount.WaitAsync(cancellationToken);
        _done.TryDequeue(out TransformSlot? slot);
        return slot!;
    }

    /// <summary>Stops the thread after the slots posted so far and waits for it.</summary>
    public void Dispose()
    {
        _ready.Enqueue(null);
        _readyCount.Release();
        _thread.Join();
        _readyCount.Dispose();
        _doneCount.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _readyCount.Wait();
            _ready.TryDequeue(out TransformSlot? slot);
            if (slot is null)
            {
                return;
            }

            try
            {
                slot.Used = _transform(slot);
            }
#pragma warning disable CA1031 // Whatever the transform throws reaches the caller where the slot is written.
            catch (Exception e)
#pragma warning restore CA1031
            {
                slot.Failure = ExceptionDispatchInfo.Capture(e);
            }

            _done.Enqueue(slot);
            _doneCount.Release();
        }
    }
}
