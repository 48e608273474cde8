using System.Text.Json;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>Marks the run's objects as ingested and moves the current version.</summary>
/// <param name="store">The object store.</param>
public sealed class CommitLedgerActivity(IObjectStore store) : TaskActivity<LedgerCommit, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, LedgerCommit input)
    {
        ArgumentNullException.ThrowIfNull(input);
        IngestionLedger ledger = await IngestionLedger.ReadAsync(store);
        ledger.CurrentVersion = input.Version;
        ledger.CurrentTotalLabelled = input.TotalLabelled;
        foreach (SourceObjectRef o in input.Objects)
        {
            ledger.Objects[o.Key] = new IngestedObject(o.ETag, o.Source, input.Version, input.IngestedAt);
        }

        using var stream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(ledger, PipelineJson.Options));
        await store.WriteAsync(StoreLayout.LedgerKey, stream);
        return true;
    }
}
