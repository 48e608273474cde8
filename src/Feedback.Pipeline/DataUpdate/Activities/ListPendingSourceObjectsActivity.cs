using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>Lists the source objects the ledger has not seen, or has seen with another tag.</summary>
/// <param name="store">The object store.</param>
/// <param name="options">The data update options.</param>
public sealed class ListPendingSourceObjectsActivity(IObjectStore store, IOptions<DataUpdateOptions> options) : TaskActivity<object?, PendingSourceObjects>
{
    /// <inheritdoc />
    public override Task<PendingSourceObjects> RunAsync(TaskActivityContext context, object? input) =>
        PendingSources.ListAsync(store, options.Value);
}
