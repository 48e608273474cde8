using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Registers the challenger (idempotent) and returns the current champion, if any.</summary>
/// <param name="registry">The model registry.</param>
/// <param name="time">The clock.</param>
public sealed class RegisterChallengerActivity(ModelRegistry registry, TimeProvider time) : TaskActivity<RolloutRequest, string?>
{
    /// <inheritdoc />
    public override async Task<string?> RunAsync(TaskActivityContext context, RolloutRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ModelRegistryDocument document = await registry.ReadAsync();
        if (document.Find(input.ChallengerModelId) is null)
        {
            document = await registry.RegisterChallengerAsync(new RegisteredModel(input.ChallengerModelId, input.DatasetVersion, null, ModelState.Challenger, time.GetUtcNow()));
        }

        return document.Champion;
    }
}
