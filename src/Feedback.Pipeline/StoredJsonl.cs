using Feedback.Core.Jsonl;
using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline;

/// <summary>Reading part of a JSONL object in the store, as the batch activities do.</summary>
internal static class StoredJsonl
{
    /// <summary>Maps lines <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="count"/> (0-based, streaming, stops after the slice).</summary>
    public static async Task<List<T>> ReadSliceAsync<T>(IObjectStore store, string key, long offset, long count, Func<long, JsonlLine, T> map)
    {
        var items = new List<T>();
        await using Stream stream = await store.OpenReadAsync(key);
        long index = -1;
        await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
        {
            if (++index < offset)
            {
                continue;
            }

            if (index >= offset + count)
            {
                break;
            }

            items.Add(map(index, line));
        }

        return items;
    }
}
