namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Input of the scoring.</summary>
/// <param name="ChampionKeys">The champion's prediction batches, in order.</param>
/// <param name="ChallengerKeys">The challenger's, in order.</param>
/// <param name="OutputKey">Where the scores go.</param>
public sealed record ScoringRequest(IReadOnlyList<string> ChampionKeys, IReadOnlyList<string> ChallengerKeys, string OutputKey);
