namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The output of <see cref="ModelUpdateOrchestration"/>. Built with <see cref="AtGate"/>, <see cref="Deployed"/> or <see cref="RolledOut"/>.</summary>
/// <param name="Outcome">
/// <c>below-threshold</c>, <c>covered</c> (a model was already fine-tuned on this version or a later one holding it),
/// <c>deployed</c> (rollout left to a manual start), <c>promoted</c> or <c>rejected</c>.
/// </param>
/// <param name="Reason">Why.</param>
/// <param name="NewLabelled">Labelled records added since the last fine-tune.</param>
/// <param name="FineTune">The fine-tune, when one ran.</param>
/// <param name="Rollout">The rollout, when one ran.</param>
public sealed record ModelUpdateResult(ModelUpdateOutcome Outcome, string Reason, long NewLabelled, FineTuneResult? FineTune, RolloutResult? Rollout)
{
    /// <summary>The update ended at the gate: nothing was fine-tuned.</summary>
    /// <param name="outcome">Waiting, covered or below threshold.</param>
    /// <param name="gate">The gate's answer.</param>
    public static ModelUpdateResult AtGate(ModelUpdateOutcome outcome, ModelUpdateGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return new(outcome, gate.Reason, gate.NewLabelled, FineTune: null, Rollout: null);
    }

    /// <summary>The challenger is on the canary at 0%, and the rollout is left to a manual start.</summary>
    /// <param name="gate">The gate's answer.</param>
    /// <param name="fineTune">The fine-tune.</param>
    public static ModelUpdateResult Deployed(ModelUpdateGate gate, FineTuneResult fineTune)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(fineTune);
        return new(ModelUpdateOutcome.Deployed, $"{fineTune.ModelId} is on the canary at 0%; start the rollout by hand.", gate.NewLabelled, fineTune, Rollout: null);
    }

    /// <summary>The rollout decided: promoted or rejected.</summary>
    /// <param name="gate">The gate's answer.</param>
    /// <param name="fineTune">The fine-tune.</param>
    /// <param name="rollout">The rollout.</param>
    public static ModelUpdateResult RolledOut(ModelUpdateGate gate, FineTuneResult fineTune, RolloutResult rollout)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(rollout);
        ModelUpdateOutcome outcome = rollout.Outcome == RolloutOutcome.Promoted ? ModelUpdateOutcome.Promoted : ModelUpdateOutcome.Rejected;
        return new(outcome, gate.Reason, gate.NewLabelled, fineTune, rollout);
    }
}
