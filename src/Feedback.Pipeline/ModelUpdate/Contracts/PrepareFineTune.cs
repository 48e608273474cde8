namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Input of <see cref="PrepareFineTuneActivity"/>.</summary>
/// <param name="DatasetVersion">The dataset version.</param>
/// <param name="Policy">The fine-tune policy.</param>
public sealed record PrepareFineTune(string DatasetVersion, FineTunePolicy Policy);
