namespace Feedback.Pipeline.DataUpdate;

/// <summary>The output of <see cref="DataUpdateOrchestration"/>. Built with <see cref="NoNewObjects"/> or named arguments.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="DatasetVersion">The current version after the run.</param>
/// <param name="ParentVersion">The version before it.</param>
/// <param name="ObjectsIngested">Source objects read.</param>
/// <param name="NewLabelledRecords">Labelled records added.</param>
/// <param name="TotalLabelledRecords">Labelled records in the current version.</param>
/// <param name="EventPublished">Whether the data-transformed event was sent.</param>
/// <param name="MetricsError">Why metrics could not be recorded, when they could not (the dataset is kept).</param>
/// <param name="Structuring">What structuring the new version's unlabelled feedback did, when a version was made.</param>
/// <param name="StructuringError">Why structuring failed, when it did (the dataset version is kept).</param>
public sealed record DataUpdateResult(
    DataUpdateOutcome Outcome,
    string? DatasetVersion,
    string? ParentVersion,
    int ObjectsIngested,
    long NewLabelledRecords,
    long TotalLabelledRecords,
    bool EventPublished,
    string? MetricsError,
    Structuring.StructuringResult? Structuring = null,
    string? StructuringError = null)
{
    /// <summary>No source object the ledger has not seen: the current version stays.</summary>
    /// <param name="currentVersion">The current version.</param>
    /// <param name="totalLabelled">Labelled records it holds.</param>
    public static DataUpdateResult NoNewObjects(string? currentVersion, long totalLabelled) =>
        new(DataUpdateOutcome.NoNewObjects, currentVersion, currentVersion, ObjectsIngested: 0, NewLabelledRecords: 0, totalLabelled, EventPublished: false, MetricsError: null);
}
