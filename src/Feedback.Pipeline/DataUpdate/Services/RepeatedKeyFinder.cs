using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// Finds which entries of a stream of content keys repeat an earlier one, in memory that does not grow with the
/// number of distinct keys: keys are sorted in runs of a fixed size, runs beyond the first are spilled to temporary
/// files, and the runs are merged. What is kept for the whole stream is one bit per entry. The join uses it instead
/// of a set of every key it has seen (about 36 MB per million distinct records, twice that while the set grows).
/// Not thread-safe.
/// </summary>
internal sealed class RepeatedKeyFinder : IDisposable
{
    /// <summary>Entries sorted in memory at a time (32 bytes each with alignment: 8 MiB).</summary>
    public const int DefaultRunLength = 1 << 18;

    private readonly int _runLength;
    private readonly string _directory;
    private readonly Entry[] _run;
    private readonly List<string> _spilled = [];
    private int _count;

    /// <summary>Makes a finder.</summary>
    /// <param name="runLength">Entries per sorted run; smaller runs spill sooner.</param>
    /// <param name="directory">Where spilled runs go (default: the temporary folder).</param>
    public RepeatedKeyFinder(int runLength = DefaultRunLength, string? directory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runLength, 1);
        _runLength = runLength;
        _directory = directory ?? Path.GetTempPath();
        _run = new Entry[runLength];
    }

    /// <summary>Entries added so far; the next one is numbered this.</summary>
    public long Count { get; private set; }

    /// <summary>Runs written to disk so far.</summary>
    public int SpilledRuns => _spilled.Count;

    /// <summary>Adds the next entry (numbered <see cref="Count"/>).</summary>
    /// <param name="key">Its content key.</param>
    public void Add(UInt128 key)
    {
        if (_count == _runLength)
        {
            Spill();
        }

        _run[_count++] = new Entry(key, Count++);
    }

    /// <summary>
    /// One bit per entry, set when the entry's key occurred at a lower number: the first occurrence of each key is
    /// the one not set.
    /// </summary>
    public BitArray FindRepeats()
    {
        if (Count > Array.MaxLength)
        {
            throw new InvalidOperationException($"{Count} entries are more than one join can mark.");
        }

        var repeats = new BitArray((int)Count);
        Sort(_run.AsSpan(0, _count));
        var sources = new List<IEnumerator<Entry>> { Enumerate(_run, _count).GetEnumerator() };
        sources.AddRange(_spilled.Select(path => ReadRun(path).GetEnumerator()));
        try
        {
            var queue = new PriorityQueue<IEnumerator<Entry>, Entry>(Comparer<Entry>.Create(Compare));
            foreach (IEnumerator<Entry> source in sources)
            {
                if (source.MoveNext())
                {
                    queue.Enqueue(source, source.Current);
                }
            }

            // Every entry of a key's group is marked, then its first (the runs merge in key, then number, order: the
            // lowest number) is cleared: no group is held in memory.
            bool any = false;
            UInt128 key = default;
            long first = 0;
            while (queue.TryDequeue(out IEnumerator<Entry>? source, out Entry entry))
            {
                if (!any || entry.Key != key)
                {
                    if (any)
                    {
                        repeats[(int)first] = false;
                    }

                    any = true;
                    key = entry.Key;
                    first = entry.Number;
                }

                repeats[(int)entry.Number] = true;
                if (source.MoveNext())
                {
                    queue.Enqueue(source, source.Current);
                }
            }

            if (any)
            {
                repeats[(int)first] = false;
            }
        }
        finally
        {
            foreach (IEnumerator<Entry> source in sources)
            {
                source.Dispose();
            }
        }

        return repeats;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (string path in _spilled)
        {
            File.Delete(path);
        }

        _spilled.Clear();
    }

    private static int Compare(Entry a, Entry b)
    {
        int byKey = a.Key.CompareTo(b.Key);
        return byKey != 0 ? byKey : a.Number.CompareTo(b.Number);
    }

    private static void Sort(Span<Entry> entries) => entries.Sort(Compare);

    private static IEnumerable<Entry> Enumerate(Entry[] run, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return run[i];
        }
    }

    private static IEnumerable<Entry> ReadRun(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16);
        var buffer = new Entry[4096];
        while (true)
        {
            int read = stream.ReadAtLeast(MemoryMarshal.AsBytes(buffer.AsSpan()), MemoryMarshal.AsBytes(buffer.AsSpan()).Length, throwOnEndOfStream: false);
            int entries = read / Unsafe.SizeOf<Entry>();
            for (int i = 0; i < entries; i++)
            {
                yield return buffer[i];
            }

            if (read < MemoryMarshal.AsBytes(buffer.AsSpan()).Length)
            {
                yield break;
            }
        }
    }

    private void Spill()
    {
        Sort(_run.AsSpan(0, _count));
        string path = Path.Combine(_directory, $"feedback-keys-{Guid.NewGuid():N}.run");
        _spilled.Add(path);
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            stream.Write(MemoryMarshal.AsBytes(_run.AsSpan(0, _count)));
        }

        _count = 0;
    }

    private readonly record struct Entry(UInt128 Key, long Number);
}
