namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The <c>ApproveRollout</c> event.</summary>
/// <param name="Approve">Approve or reject.</param>
/// <param name="By">Who.</param>
/// <param name="Reason">Why.</param>
public sealed record ApprovalDecision(bool Approve, string By, string Reason);
