using Feedback.Pipeline.ModelUpdate;

namespace Feedback.Host.Cli;

/// <summary>What the run measured, for the summary.</summary>
/// <param name="Baseline">The base model on the test set (the notebook's baseline).</param>
/// <param name="Champion">The model fine-tuned on the curated set, made champion by the notebook flow.</param>
/// <param name="Challenger">The model fine-tuned on the grown dataset.</param>
/// <param name="Notebook">The notebook flow's model update.</param>
/// <param name="Loop">The automatic loop's model update.</param>
/// <param name="Later">The model update after the later export.</param>
/// <param name="Versions">The dataset versions, in order.</param>
/// <param name="Structured">Unlabelled records structured by the champion.</param>
public sealed record LoopOutcome(
    ModelMetrics Baseline,
    ModelMetrics Champion,
    ModelMetrics Challenger,
    ModelUpdateResult Notebook,
    ModelUpdateResult Loop,
    ModelUpdateResult Later,
    IReadOnlyList<string> Versions,
    long Structured);
