namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The gate's verdict.</summary>
/// <param name="Verdict">What to do.</param>
/// <param name="NewLabelled">Labelled records added since the last fine-tune.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="LastFineTunedVersion">The dataset version of the last fine-tune, if any.</param>
/// <param name="Reason">Why.</param>
/// <param name="Options">The options the update runs with (read once, in an activity).</param>
/// <param name="HeldBy">The lease another update holds, when the verdict is <see cref="GateVerdict.Wait"/>.</param>
public sealed record ModelUpdateGate(
    GateVerdict Verdict, long NewLabelled, int Threshold, string? LastFineTunedVersion, string Reason, ModelUpdateOptions Options, ModelUpdateLease? HeldBy = null);
