using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Releases the model-update lease held by the given instance (idempotent).</summary>
/// <param name="registry">The model registry.</param>
public sealed class ReleaseModelUpdateLeaseActivity(ModelRegistry registry) : TaskActivity<string, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        ModelRegistryDocument document = await registry.ReleaseLeaseAsync(input);
        return document.Lease is null;
    }
}
