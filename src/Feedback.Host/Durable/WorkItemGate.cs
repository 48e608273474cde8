using System.Collections.Concurrent;

namespace Feedback.Host.Durable;

/// <summary>
/// Caps how many work items of one kind this host holds at once: a fetch first waits for a free slot, and
/// the slot is freed when the item is finished. The sidecar's own dispatcher caps them by polling every
/// 500 ms once the cap is reached, so a fan-out wider than the cap stalled half a second per round; a
/// wait on a semaphore resumes the moment a slot frees.
/// </summary>
/// <typeparam name="T">The work item type.</typeparam>
/// <param name="limit">The most items held at once.</param>
internal sealed class WorkItemGate<T>(int limit) : IDisposable
    where T : class
{
    private readonly SemaphoreSlim _slots = new(limit, limit);
    private readonly ConcurrentDictionary<T, byte> _held = new(ReferenceEqualityComparer.Instance);

    /// <summary>The most items held at once.</summary>
    public int Limit => limit;

    /// <summary>Items held now.</summary>
    public int Held => _held.Count;

    /// <summary>Waits for a free slot, then fetches; the slot stays taken while the fetched item is held.</summary>
    /// <param name="fetch">Locks the next item (null when there is none).</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public async Task<T?> FetchAsync(Func<Task<T?>> fetch, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        T? item;
        try
        {
            item = await fetch();
        }
        catch
        {
            _slots.Release();
            throw;
        }

        if (item is null)
        {
            _slots.Release();
            return null;
        }

        _held[item] = 0;
        return item;
    }

    /// <summary>Frees the item's slot; a second call for the same item does nothing.</summary>
    /// <param name="item">The item.</param>
    public void Release(T item)
    {
        if (_held.TryRemove(item, out _))
        {
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}
