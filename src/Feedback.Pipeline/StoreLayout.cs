using System.Security.Cryptography;
using System.Text;
using Feedback.Pipeline.DataUpdate;

namespace Feedback.Pipeline;

/// <summary>
/// The one layout of the object store: every key the product writes or reads is built here.
/// <list type="table">
/// <item><term><c>sources/{source}/…</c></term><description>source exports as they land (the intake API writes <c>sources/api/</c>, <c>feedback data import viggo</c> writes <c>sources/viggo/</c>)</description></item>
/// <item><term><c>reference/test.jsonl</c></term><description>the held-out test set (<c>DataUpdate:TestSetKey</c>)</description></item>
/// <item><term><c>state/ledger.json</c>, <c>state/intake/{hash}.json</c>, <c>state/job-submissions/{name}.json</c></term><description>the data update's ledger; the intake's idempotency claims; the claims on fine-tuning job names</description></item>
/// <item><term><c>staging/{hash}/accepted.jsonl</c>, <c>quarantine/{source}/{hash}.jsonl</c></term><description>one transformed export's accepted and quarantined rows</description></item>
/// <item><term><c>datasets/{version}/…</c></term><description>a dataset version's files</description></item>
/// <item><term><c>structured/{version}/…</c></term><description>the champion's structuring of a version's unlabelled feedback</description></item>
/// <item><term><c>registry/models.json</c></term><description>the model registry</description></item>
/// <item><term><c>reports/{rollout}/report.{md,html}</c></term><description>rollout reports</description></item>
/// <item><term><c>jobs/pkg_{sha256}.zip</c>, <c>models/checkpoints/…</c>, <c>models/serving/…</c></term><description>fine-tuning packages and adapters, which the compute platform reads and writes</description></item>
/// </list>
/// </summary>
public static class StoreLayout
{
    /// <summary>The prefix of every source export.</summary>
    public const string Sources = "sources/";

    /// <summary>The ledger of ingested source objects and the current dataset version.</summary>
    public const string LedgerKey = "state/ledger.json";

    /// <summary>The model registry.</summary>
    public const string Registry = "registry/models.json";

    /// <summary>The prefix of rollout reports.</summary>
    public const string Reports = "reports/";

    /// <summary>The prefix of fine-tuning job packages.</summary>
    public const string JobPackages = "jobs";

    /// <summary>The folder the fine-tuning platform forwards checkpoints to.</summary>
    public const string ModelCheckpoints = "models/checkpoints";

    /// <summary>The folder service versions load adapters from.</summary>
    public const string ModelServing = "models/serving";

    /// <summary>The intake's claim of an idempotency key.</summary>
    /// <param name="keyHash">The key's hash.</param>
    public static string IntakeClaim(string keyHash) => $"state/intake/{keyHash}.json";

    /// <summary>The claim on submitting the fine-tuning job named <paramref name="jobName"/> (<c>state/job-submissions/{name}.json</c>; a name with other characters than letters, digits, '.', '-' and '_' is hashed).</summary>
    /// <param name="jobName">The job's name.</param>
    public static string JobSubmissionClaim(string jobName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobName);
        bool plain = jobName.Length <= 200 && jobName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && jobName[0] != '.';
        return $"state/job-submissions/{(plain ? jobName : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jobName))))}.json";
    }

    /// <summary>The key of a dataset version's file (<c>train.jsonl</c>, <c>valid.jsonl</c>, <c>unlabelled.jsonl</c>, <c>manifest.json</c>).</summary>
    /// <param name="version">The version.</param>
    /// <param name="file">The file name.</param>
    public static string DatasetFile(string version, string file) => $"datasets/{version}/{file}";

    /// <summary>The staged accepted records of one version of a source object.</summary>
    /// <param name="source">The object.</param>
    public static string Staged(SourceObjectRef source) => $"staging/{ObjectHash(source)}/accepted.jsonl";

    /// <summary>The quarantined rows of one version of a source object.</summary>
    /// <param name="source">The object.</param>
    public static string Quarantine(SourceObjectRef source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return $"quarantine/{source.Source}/{ObjectHash(source)}.jsonl";
    }

    /// <summary>A short hash of an object's key and tag: a new tag means new outputs.</summary>
    /// <param name="source">The object.</param>
    public static string ObjectHash(SourceObjectRef source)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{source.Key}\u001F{source.ETag.Trim('"')}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }

    /// <summary>The folder of a dataset version's structured feedback.</summary>
    /// <param name="version">The dataset version.</param>
    public static string StructuredFolder(string version) => $"structured/{version}/";

    /// <summary>One structuring batch's records.</summary>
    /// <param name="version">The dataset version.</param>
    /// <param name="offset">The batch's first line in <c>unlabelled.jsonl</c>.</param>
    public static string StructuredPart(string version, long offset) => $"{StructuredFolder(version)}part-{offset:D8}.jsonl";

    /// <summary>The summary of a version's structuring.</summary>
    /// <param name="version">The dataset version.</param>
    public static string StructuredSummary(string version) => $"{StructuredFolder(version)}summary.json";

    /// <summary>A rollout report's file.</summary>
    /// <param name="rollout">The rollout's instance id.</param>
    /// <param name="file"><c>report.md</c> or <c>report.html</c>.</param>
    public static string Report(string rollout, string file) => $"{Reports}{rollout}/{file}";

    /// <summary>The rollout a report key belongs to, or null when the key is not a report's.</summary>
    /// <param name="key">A key under <see cref="Reports"/>.</param>
    public static string? ReportRollout(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(Reports, StringComparison.Ordinal))
        {
            return null;
        }

        int slash = key.IndexOf('/', Reports.Length);
        return slash > Reports.Length ? key[Reports.Length..slash] : null;
    }
}
