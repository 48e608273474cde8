using System.Text.Json;
using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// The model registry: a JSON document in the object store, changed with optimistic concurrency
/// (read with its ETag, write only if it still has it; on a lost race, read again and re-check the
/// change's expectations). Two rollouts expecting the same champion cannot both promote.
/// </summary>
/// <param name="store">The object store.</param>
public sealed class ModelRegistry(IObjectStore store)
{
    /// <summary>The registry's key (<see cref="StoreLayout.Registry"/>).</summary>
    public const string Key = StoreLayout.Registry;

    private const int MaxRaces = 10;

    /// <summary>Reads the registry (empty when there is none yet).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<ModelRegistryDocument> ReadAsync(CancellationToken cancellationToken = default) =>
        (await ReadTaggedAsync(cancellationToken)).Document;

    /// <summary>Registers a model version as the challenger (idempotent: registering the same model again changes nothing).</summary>
    /// <param name="model">The model.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public Task<ModelRegistryDocument> RegisterChallengerAsync(RegisteredModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return UpdateAsync(document =>
        {
            if (document.Find(model.ModelId) is not null)
            {
                return document with { Challenger = document.Champion == model.ModelId ? document.Challenger : model.ModelId };
            }

            return document with { Challenger = model.ModelId, Models = [.. document.Models, model with { State = ModelState.Challenger }] };
        }, cancellationToken);
    }

    /// <summary>Records a model's metrics (and its canary service time).</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="metrics">Its metrics.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="canaryMinutes">How long it was served on the canary, when known.</param>
    public Task<ModelRegistryDocument> RecordMetricsAsync(string modelId, ModelMetrics metrics, double? canaryMinutes = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(document => document with
        {
            Models = [.. document.Models.Select(m => m.ModelId == modelId ? m with { Metrics = metrics, CanaryMinutes = canaryMinutes ?? m.CanaryMinutes } : m)],
        }, cancellationToken);

    /// <summary>
    /// Takes the model-update lease for <paramref name="holder"/> (kept when it has it already), if no other live
    /// holder has it and the newest fine-tuned dataset version is still <paramref name="expectedLastFineTuned"/>, the
    /// version the caller counted from. Throws <see cref="RegistryConflictException"/> otherwise, so the caller counts again.
    /// </summary>
    /// <param name="holder">The model update's instance id.</param>
    /// <param name="datasetVersion">The dataset version it fine-tunes on.</param>
    /// <param name="expectedLastFineTuned">The newest fine-tuned dataset version the caller's count assumed.</param>
    /// <param name="now">The time.</param>
    /// <param name="duration">How long the lease holds unless released.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public Task<ModelRegistryDocument> AcquireLeaseAsync(
        string holder, string datasetVersion, string? expectedLastFineTuned, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default) =>
        UpdateAsync(document =>
        {
            if (document.Lease is { } lease && lease.Holder != holder && lease.IsLiveAt(now))
            {
                throw new RegistryConflictException($"The model update {lease.Holder} (dataset version {lease.DatasetVersion}) holds the lease until {lease.ExpiresAt:O}.");
            }

            if (document.LastFineTunedVersion() != expectedLastFineTuned)
            {
                throw new RegistryConflictException(
                    $"A model was fine-tuned on {document.LastFineTunedVersion() ?? "none"} since the count from {expectedLastFineTuned ?? "none"}.");
            }

            return document.Lease?.Holder == holder
                ? document
                : document with { Lease = new ModelUpdateLease(holder, datasetVersion, now, now + duration) };
        }, cancellationToken);

    /// <summary>Releases the model-update lease if <paramref name="holder"/> has it (idempotent).</summary>
    /// <param name="holder">The model update's instance id.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public Task<ModelRegistryDocument> ReleaseLeaseAsync(string holder, CancellationToken cancellationToken = default) =>
        UpdateAsync(document => document.Lease?.Holder == holder ? document with { Lease = null } : document, cancellationToken);

    /// <summary>
    /// Makes <paramref name="challenger"/> the champion, if the champion is still <paramref name="expectedChampion"/>;
    /// the previous champion is retired and the promotion recorded. The same promotion retried (same
    /// <paramref name="by"/>) is a no-op; a second promotion of a model that was promoted before is refused with
    /// <see cref="RegistryConflictException"/>.
    /// </summary>
    /// <param name="challenger">The model to promote.</param>
    /// <param name="expectedChampion">The champion the decision was made against.</param>
    /// <param name="by">Who or what promotes.</param>
    /// <param name="evidence">Why.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public Task<ModelRegistryDocument> PromoteAsync(
        string challenger, string? expectedChampion, string by, string evidence, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(document =>
        {
            Promotion? earlier = document.History.LastOrDefault(p => p.To == challenger);
            if (earlier is not null)
            {
                if (document.Champion == challenger && earlier.By == by)
                {
                    return document;
                }

                throw new RegistryConflictException(
                    $"Cannot promote {challenger} again: {earlier.By} promoted it at {earlier.At:O}; a model is promoted once.");
            }

            if (document.Champion != expectedChampion)
            {
                throw new RegistryConflictException(
                    $"Cannot promote {challenger}: the champion is {document.Champion ?? "none"}, not {expectedChampion ?? "none"} as the decision assumed.");
            }

            if (document.Find(challenger) is null)
            {
                throw new RegistryConflictException($"Cannot promote {challenger}: it is not registered.");
            }

            return document with
            {
                Champion = challenger,
                Challenger = document.Challenger == challenger ? null : document.Challenger,
                Models = [.. document.Models.Select(m =>
                    m.ModelId == challenger ? m with { State = ModelState.Champion } :
                    m.ModelId == expectedChampion ? m with { State = ModelState.Retired } : m)],
                History = [.. document.History, new Promotion(at, expectedChampion, challenger, by, evidence)],
            };
        }, cancellationToken);

    /// <summary>Marks a challenger rejected and clears the challenger alias; the champion stays.</summary>
    /// <param name="challenger">The rejected model.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public Task<ModelRegistryDocument> RejectAsync(string challenger, CancellationToken cancellationToken = default) =>
        UpdateAsync(document => document with
        {
            Challenger = document.Challenger == challenger ? null : document.Challenger,
            Models = [.. document.Models.Select(m => m.ModelId == challenger && m.State == ModelState.Challenger ? m with { State = ModelState.Rejected } : m)],
        }, cancellationToken);

    private async Task<ModelRegistryDocument> UpdateAsync(Func<ModelRegistryDocument, ModelRegistryDocument> change, CancellationToken cancellationToken)
    {
        for (int race = 0; ; race++)
        {
            (ModelRegistryDocument current, string? etag) = await ReadTaggedAsync(cancellationToken);
            ModelRegistryDocument next = change(current);
            if (ReferenceEquals(next, current))
            {
                return current;
            }

            try
            {
                byte[] content = JsonSerializer.SerializeToUtf8Bytes(next, Json);
                await store.WriteIfAsync(Key, content, etag is null ? WriteCondition.MustNotExist : WriteCondition.Matches(etag), cancellationToken);
                return next;
            }
            catch (ObjectChangedException) when (race < MaxRaces)
            {
                // Someone else changed the registry first: re-read, and re-check the change against what they did.
            }
        }
    }

    private async Task<(ModelRegistryDocument Document, string? ETag)> ReadTaggedAsync(CancellationToken cancellationToken)
    {
        TaggedContent? tagged = await store.ReadTaggedAsync(Key, cancellationToken);
        return tagged is null
            ? (ModelRegistryDocument.Empty, null)
            : (JsonSerializer.Deserialize<ModelRegistryDocument>(tagged.Content, Json) ?? ModelRegistryDocument.Empty, tagged.ETag);
    }

    private static readonly JsonSerializerOptions Json = new(PipelineJson.Options) { WriteIndented = true };
}
