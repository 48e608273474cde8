namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The output of <see cref="ModelUpdateOrchestration"/>.</summary>
/// <param name="Outcome">
/// <c>below-threshold</c>, <c>covered</c> (a model was already fine-tuned on this version or a later one holding it),
/// <c>deployed</c> (rollout left to a manual start), <c>promoted</c> or <c>rejected</c>.
/// </param>
/// <param name="Reason">Why.</param>
/// <param name="NewLabelled">Labelled records added since the last fine-tune.</param>
/// <param name="FineTune">The fine-tune, when one ran.</param>
/// <param name="Rollout">The rollout, when one ran.</param>
public sealed record ModelUpdateResult(ModelUpdateOutcome Outcome, string Reason, long NewLabelled, FineTuneResult? FineTune, RolloutResult? Rollout);
