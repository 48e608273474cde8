using System.ComponentModel.DataAnnotations;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The model update, section <c>ModelUpdate</c>. Validated at start.</summary>
public sealed class ModelUpdateOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ModelUpdate";

    /// <summary>Labelled records added since the last fine-tune that trigger a new one. Default 200.</summary>
    [Range(1, 10_000_000)]
    public int Threshold { get; set; } = 200;

    /// <summary>The service the models are deployed to. Default <c>viggo</c>.</summary>
    [Required]
    public string ServiceName { get; set; } = "viggo";

    /// <summary>The base model the primary serves before there is a champion. Default the fine-tuning base model.</summary>
    [Required]
    public string BaseModelId { get; set; } = "mistralai/Mistral-7B-Instruct-v0.1";

    /// <summary>The overall fine-tune timeout. Default 6 hours (the reference's 1 hour was shorter than its 2-hour fine-tune).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan FineTuneTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Fine-tuning jobs submitted at most per update. Default 3.</summary>
    [Range(1, 10)]
    public int FineTuneAttempts { get; set; } = 3;

    /// <summary>The first wait between polls of a job. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan FirstPoll { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between polls. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxPoll { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a new canary may take to become RUNNING (an UNHEALTHY one fails after it). Default 30 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan DeployGracePeriod { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Start the rollout when the challenger is deployed; false leaves it to a manual start. Default true.</summary>
    public bool AutoRollout { get; set; } = true;

    /// <summary>Whether rollouts wait for an approval. Default false.</summary>
    public bool RequireApproval { get; set; }

    /// <summary>
    /// How long a model update holds the lease (one fine-tune, deploy and rollout at a time) when it is never released,
    /// for example because its instance was terminated. At least the fine-tune timeout plus the deploy grace period.
    /// Default 1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "30.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a run of the submit step holds its claim on a job name before another run may take it over when no job
    /// appeared under the name (the claimant died between claiming and submitting). Longer than one submission with
    /// the Anyscale client's retries. Default 10 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SubmissionClaimLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstPoll > MaxPoll)
        {
            yield return new ValidationResult($"ModelUpdate:FirstPoll ({FirstPoll}) must not be longer than ModelUpdate:MaxPoll ({MaxPoll}).", [nameof(FirstPoll), nameof(MaxPoll)]);
        }

        if (LeaseDuration < FineTuneTimeout + DeployGracePeriod)
        {
            yield return new ValidationResult(
                $"ModelUpdate:LeaseDuration ({LeaseDuration}) must be at least ModelUpdate:FineTuneTimeout plus ModelUpdate:DeployGracePeriod ({FineTuneTimeout + DeployGracePeriod}).",
                [nameof(LeaseDuration)]);
        }
    }
}
