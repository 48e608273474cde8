namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// Who may fine-tune, deploy and roll out now: one model update at a time per registry, so two dataset versions that
/// arrive together cannot both fine-tune on overlapping data; the second waits and then counts from the first's model.
/// Released when the holder ends (completed or failed); a holder that was terminated loses it at <see cref="ExpiresAt"/>.
/// </summary>
/// <param name="Holder">The model update's instance id.</param>
/// <param name="DatasetVersion">The dataset version it fine-tunes on.</param>
/// <param name="AcquiredAt">When it was taken.</param>
/// <param name="ExpiresAt">When another update may take it even if it was not released.</param>
public sealed record ModelUpdateLease(string Holder, string DatasetVersion, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Whether the lease still holds at <paramref name="now"/>.</summary>
    /// <param name="now">The time to check.</param>
    public bool IsLiveAt(DateTimeOffset now) => now < ExpiresAt;
}
