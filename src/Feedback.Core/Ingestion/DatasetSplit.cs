using System.Globalization;

namespace Feedback.Core.Ingestion;

/// <summary>
/// The stable train/valid split: a record's side depends only on its content key, so a record never
/// moves between train and valid from one dataset version to the next.
/// </summary>
public static class DatasetSplit
{
    /// <summary>Whether the record with <paramref name="contentKey"/> belongs to the validation file.</summary>
    /// <param name="contentKey">The record's content key (hex).</param>
    /// <param name="validPercent">The share of records in validation, 0 to 50.</param>
    public static bool IsValidation(string contentKey, int validPercent)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentKey);
        ArgumentOutOfRangeException.ThrowIfNegative(validPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(validPercent, 50);
        uint bucket = uint.Parse(contentKey.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % 100;
        return bucket < validPercent;
    }
}
