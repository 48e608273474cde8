namespace Feedback.Host.Cli;

/// <summary>What an import did.</summary>
/// <param name="Key">The export's key, or null when the slice was empty.</param>
/// <param name="Rows">Records in the slice.</param>
/// <param name="Incomplete">Records without a text or an MR (the data update quarantines them).</param>
/// <param name="Written">False when the export existed already (nothing written) or the slice was empty.</param>
public sealed record ViggoImportResult(string? Key, int Rows, int Incomplete, bool Written);
