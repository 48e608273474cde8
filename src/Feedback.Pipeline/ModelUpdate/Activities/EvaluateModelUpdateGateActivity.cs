using System.Text.Json;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// The gate: counts the labelled records added since the last fine-tune (the manifests' <c>newLabelled</c> along the
/// parent chain from this version back to the dataset version of the newest fine-tuned model; all of them when there is
/// none), and takes the lease when there are enough. A version that the newest model was trained on, or that is an
/// ancestor of its version, is <see cref="GateVerdict.Covered"/>; while another update holds the lease the verdict is
/// <see cref="GateVerdict.Wait"/>.
/// </summary>
/// <param name="store">The object store.</param>
/// <param name="registry">The model registry.</param>
/// <param name="options">The model update options.</param>
/// <param name="time">The clock (lease times).</param>
public sealed class EvaluateModelUpdateGateActivity(IObjectStore store, ModelRegistry registry, IOptions<ModelUpdateOptions> options, TimeProvider time)
    : TaskActivity<GateRequest, ModelUpdateGate>
{
    private const int MaxRaces = 5;

    /// <inheritdoc />
    public override async Task<ModelUpdateGate> RunAsync(TaskActivityContext context, GateRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ModelUpdateOptions o = options.Value;
        for (int race = 0; ; race++)
        {
            ModelRegistryDocument document = await registry.ReadAsync();
            string? last = document.LastFineTunedVersion();
            (bool covered, long added) = await CountAsync(input.DatasetVersion, last);
            if (covered)
            {
                return new ModelUpdateGate(GateVerdict.Covered, 0, o.Threshold, last, $"A model was already fine-tuned on {last}, which holds every record of {input.DatasetVersion}; nothing submitted.", o);
            }

            string since = $"{added} labelled records since the last fine-tune ({last ?? "none"})";
            if (added < o.Threshold && !input.Force)
            {
                return new ModelUpdateGate(GateVerdict.BelowThreshold, added, o.Threshold, last, $"{since}, below the threshold of {o.Threshold}; nothing submitted.", o);
            }

            DateTimeOffset now = time.GetUtcNow();
            if (document.Lease is { } lease && lease.Holder != input.Holder && lease.IsLiveAt(now))
            {
                return new ModelUpdateGate(GateVerdict.Wait, added, o.Threshold, last, $"{since}; waiting for {lease.Holder} (dataset version {lease.DatasetVersion}) to finish.", o, lease);
            }

            try
            {
                await registry.AcquireLeaseAsync(input.Holder, input.DatasetVersion, last, now, o.LeaseDuration);
            }
            catch (RegistryConflictException) when (race < MaxRaces)
            {
                // Another update took the lease or registered a model between the read and the write: count again.
                continue;
            }

            string reason = added >= o.Threshold
                ? $"{since}, at least the threshold of {o.Threshold}."
                : $"Forced by the caller; the gate alone would not have proceeded: {since}, below the threshold of {o.Threshold}.";
            return new ModelUpdateGate(GateVerdict.Proceed, added, o.Threshold, last, reason, o);
        }
    }

    /// <summary>Whether <paramref name="version"/> is covered by <paramref name="last"/>, and the labelled records it adds since.</summary>
    private async Task<(bool Covered, long Added)> CountAsync(string version, string? last)
    {
        var chain = new List<(string Version, long NewLabelled)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? v = version;
        while (v is not null && v != last && seen.Add(v))
        {
            DatasetManifest manifest = await ReadManifestAsync(v);
            chain.Add((v, manifest.Counts.NewLabelled));
            v = manifest.ParentVersion;
        }

        if (v == last)
        {
            // The walk met the last fine-tuned version (or the root, when there is none): what it walked is new.
            return (chain.Count == 0, chain.Sum(c => c.NewLabelled));
        }

        // The walk never met the last fine-tuned version: that version descends from this one, or is on another branch.
        HashSet<string> trained = await AncestryAsync(last!);
        int shared = chain.FindIndex(c => trained.Contains(c.Version));
        return shared == 0 ? (true, 0) : (false, chain.Take(shared < 0 ? chain.Count : shared).Sum(c => c.NewLabelled));
    }

    private async Task<HashSet<string>> AncestryAsync(string version)
    {
        var ancestry = new HashSet<string>(StringComparer.Ordinal);
        for (string? v = version; v is not null && ancestry.Add(v);)
        {
            v = (await ReadManifestAsync(v)).ParentVersion;
        }

        return ancestry;
    }

    private async Task<DatasetManifest> ReadManifestAsync(string version)
    {
        await using Stream stream = await store.OpenReadAsync(StoreLayout.DatasetFile(version, "manifest.json"));
        return (await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, PipelineJson.Options))!;
    }
}
