using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>Reads the transform plan (configuration is read in an activity, never in the orchestrator).</summary>
/// <param name="options">The data update options.</param>
public sealed class GetTransformPlanActivity(IOptions<DataUpdateOptions> options) : TaskActivity<object?, TransformPlan>
{
    /// <inheritdoc />
    public override Task<TransformPlan> RunAsync(TaskActivityContext context, object? input) =>
        Task.FromResult(new TransformPlan(options.Value.MaxParallelTransforms, options.Value.TransformBatchObjects, options.Value.TransformBatchBytes));
}
