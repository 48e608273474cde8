using System.Text.Json;
using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>The ledger of ingested source objects (<see cref="StoreLayout.LedgerKey"/>).</summary>
public sealed class IngestionLedger
{
    /// <summary>The current dataset version.</summary>
    public string? CurrentVersion { get; set; }

    /// <summary>Labelled records in the current version.</summary>
    public long CurrentTotalLabelled { get; set; }

    /// <summary>Ingested objects by key.</summary>
    public Dictionary<string, IngestedObject> Objects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Reads the ledger, or an empty one when there is none yet.</summary>
    /// <param name="store">The object store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<IngestionLedger> ReadAsync(IObjectStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            await using Stream stream = await store.OpenReadAsync(StoreLayout.LedgerKey, cancellationToken);
            return await JsonSerializer.DeserializeAsync<IngestionLedger>(stream, PipelineJson.Options, cancellationToken) ?? new IngestionLedger();
        }
        catch (FileNotFoundException)
        {
            return new IngestionLedger();
        }
    }
}
