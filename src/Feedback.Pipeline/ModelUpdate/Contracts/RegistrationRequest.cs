namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Input of the registration of a fine-tuned model.</summary>
/// <param name="FineTune">The fine-tune.</param>
/// <param name="DatasetVersion">Its dataset version.</param>
/// <param name="At">When.</param>
public sealed record RegistrationRequest(FineTuneResult FineTune, string DatasetVersion, DateTimeOffset At);
