namespace Feedback.Pipeline.DataUpdate;

/// <summary>The progress a data update shows in its custom status.</summary>
/// <param name="Stage">listing, transforming, joining, recording, publishing, done.</param>
/// <param name="ObjectsDone">Objects transformed.</param>
/// <param name="ObjectsTotal">Objects to transform.</param>
public sealed record DataUpdateProgress(string Stage, int ObjectsDone, int ObjectsTotal);
