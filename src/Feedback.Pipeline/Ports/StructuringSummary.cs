namespace Feedback.Pipeline.Ports;

/// <summary>What the champion made of one dataset version's new unlabelled feedback.</summary>
/// <param name="DatasetVersion">The dataset version.</param>
/// <param name="ModelId">The model that structured it.</param>
/// <param name="RecordedAt">When (orchestration time).</param>
/// <param name="Records">Records structured.</param>
/// <param name="Valid">Of those, answers that are valid MRs.</param>
/// <param name="ByAct">Valid answers per dialogue act.</param>
/// <param name="TopGames">The most named games (the <c>name</c> attribute), at most ten, most first.</param>
/// <param name="Ratings">Valid answers per <c>rating</c> value.</param>
public sealed record StructuringSummary(
    string DatasetVersion,
    string ModelId,
    DateTimeOffset RecordedAt,
    long Records,
    long Valid,
    IReadOnlyDictionary<string, long> ByAct,
    IReadOnlyDictionary<string, long> TopGames,
    IReadOnlyDictionary<string, long> Ratings);
