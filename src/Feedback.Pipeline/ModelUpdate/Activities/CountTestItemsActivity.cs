using Feedback.Core.Jsonl;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Counts the items of the test set.</summary>
/// <param name="store">The object store.</param>
public sealed class CountTestItemsActivity(IObjectStore store) : TaskActivity<string, int>
{
    /// <inheritdoc />
    public override async Task<int> RunAsync(TaskActivityContext context, string input)
    {
        int count = 0;
        await using Stream stream = await store.OpenReadAsync(input);
        await foreach (JsonlLine _ in JsonlReader.ReadLinesAsync(stream))
        {
            count++;
        }

        return count;
    }
}
