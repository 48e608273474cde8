using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The submit step's input: the job, and the id under which this run of the fine-tune claims its name.</summary>
/// <param name="Job">The job to submit.</param>
/// <param name="Claimant">
/// The fine-tune execution's claimant id (<c>NewGuid</c> of the orchestration, so a replay or a redelivered step after a
/// host died carries the same id, and a duplicate start of the fine-tune carries another one); see <see cref="JobSubmissions"/>.
/// </param>
public sealed record FineTuneJobSubmission(JobSubmission Job, string Claimant);
