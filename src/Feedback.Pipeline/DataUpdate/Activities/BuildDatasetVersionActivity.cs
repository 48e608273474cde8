using Microsoft.DurableTask;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>Builds the new dataset version from the parent and the transformed objects (see <see cref="DatasetVersionBuilder"/>).</summary>
/// <param name="builder">The join.</param>
public sealed class BuildDatasetVersionActivity(DatasetVersionBuilder builder) : TaskActivity<DatasetBuildRequest, DatasetBuildResult>
{
    /// <inheritdoc />
    public override Task<DatasetBuildResult> RunAsync(TaskActivityContext context, DatasetBuildRequest input) => builder.BuildAsync(input);
}
