using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// The source objects a data update has still to ingest: those under each source's prefix that the ledger has not
/// seen, or has seen with another tag. The data update lists them; the Functions app's source poll asks whether there
/// are any, statelessly (the ledger is the memory of what was seen).
/// </summary>
public static class PendingSources
{
    /// <summary>The pending objects, in key order.</summary>
    /// <param name="store">The object store.</param>
    /// <param name="options">The data update options (the sources).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public static async Task<PendingSourceObjects> ListAsync(IObjectStore store, DataUpdateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        IngestionLedger ledger = await IngestionLedger.ReadAsync(store, cancellationToken);
        var pending = new List<SourceObjectRef>();
        foreach (FeedbackSourceOptions source in options.EffectiveSources)
        {
            await foreach (StoredObject stored in store.ListAsync(source.Prefix, cancellationToken))
            {
                if (ledger.Objects.TryGetValue(stored.Key, out IngestedObject? seen) && SameTag(seen.ETag, stored.ETag))
                {
                    continue;
                }

                pending.Add(new SourceObjectRef(source.Name, source.Format, stored.Key, stored.ETag, stored.Size));
            }
        }

        return new PendingSourceObjects(ledger.CurrentVersion, [.. pending.OrderBy(p => p.Key, StringComparer.Ordinal)], ledger.CurrentTotalLabelled);
    }

    private static bool SameTag(string a, string b) => string.Equals(a.Trim('"'), b.Trim('"'), StringComparison.Ordinal);
}
