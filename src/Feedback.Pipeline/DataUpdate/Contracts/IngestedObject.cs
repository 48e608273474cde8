namespace Feedback.Pipeline.DataUpdate;

/// <summary>One ingested object in the ledger.</summary>
/// <param name="ETag">The tag it had when read.</param>
/// <param name="Source">Its source.</param>
/// <param name="Version">The dataset version current after it was read.</param>
/// <param name="IngestedAt">When.</param>
public sealed record IngestedObject(string ETag, string Source, string? Version, DateTimeOffset IngestedAt);
