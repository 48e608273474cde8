using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Registers the fine-tuned model as the challenger, with its dataset version, job and compute minutes.</summary>
/// <param name="registry">The model registry.</param>
public sealed class RegisterFineTunedModelActivity(ModelRegistry registry) : TaskActivity<RegistrationRequest, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RegistrationRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await registry.RegisterChallengerAsync(new RegisteredModel(
            input.FineTune.ModelId, input.DatasetVersion, input.FineTune.JobId, ModelState.Challenger, input.At, input.FineTune.ComputeMinutes));
        return true;
    }
}
