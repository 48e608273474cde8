using System.Security.Cryptography;
using System.Text;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>Where the data update keeps things in the object store.</summary>
public static class DataLayout
{
    /// <summary>The ledger of ingested source objects and the current dataset version.</summary>
    public const string LedgerKey = "state/ledger.json";

    /// <summary>The key of a dataset version's file (<c>train.jsonl</c>, <c>valid.jsonl</c>, <c>unlabelled.jsonl</c>, <c>manifest.json</c>).</summary>
    /// <param name="version">The version.</param>
    /// <param name="file">The file name.</param>
    public static string DatasetFile(string version, string file) => $"datasets/{version}/{file}";

    /// <summary>The staged accepted records of one version of a source object.</summary>
    /// <param name="source">The object.</param>
    public static string Staged(SourceObjectRef source) => $"staging/{ObjectHash(source)}/accepted.jsonl";

    /// <summary>The quarantined rows of one version of a source object.</summary>
    /// <param name="source">The object.</param>
    public static string Quarantine(SourceObjectRef source) => $"quarantine/{source.Source}/{ObjectHash(source)}.jsonl";

    /// <summary>A short hash of an object's key and tag: a new tag means new outputs.</summary>
    /// <param name="source">The object.</param>
    public static string ObjectHash(SourceObjectRef source)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{source.Key}\u001F{source.ETag.Trim('"')}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
