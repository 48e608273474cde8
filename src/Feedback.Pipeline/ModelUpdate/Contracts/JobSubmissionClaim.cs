namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// A run of the submit step's claim on one job name (<see cref="StoreLayout.JobSubmissionClaim"/>): only the holder of a
/// live claim submits the job; other runs wait for the job to appear under the name.
/// </summary>
/// <param name="JobName">The job's name.</param>
/// <param name="Claimant">Who holds the claim: the fine-tune execution's claimant id (<see cref="FineTuneJobSubmission.Claimant"/>).</param>
/// <param name="ClaimedAt">When it was claimed.</param>
/// <param name="ExpiresAt">When another run may take the claim over if no job appeared; the claimant sets it to the claim time when its submission fails.</param>
public sealed record JobSubmissionClaim(string JobName, string Claimant, DateTimeOffset ClaimedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Whether the claim still holds at <paramref name="now"/>.</summary>
    /// <param name="now">The time.</param>
    public bool IsLiveAt(DateTimeOffset now) => now < ExpiresAt;
}
