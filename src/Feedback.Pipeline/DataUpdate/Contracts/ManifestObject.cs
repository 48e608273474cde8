namespace Feedback.Pipeline.DataUpdate;

/// <summary>A source object a version ingested.</summary>
/// <param name="Source">Its source.</param>
/// <param name="Key">Its key.</param>
/// <param name="ETag">Its tag.</param>
/// <param name="QuarantineKey">Where its quarantined rows are, if any.</param>
public sealed record ManifestObject(string Source, string Key, string ETag, string? QuarantineKey);
