using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Structuring;

/// <summary>
/// Structures feedback with the model in production: the registry's champion (the base model
/// before there is one) on the primary of the configured service, at temperature 0. The champion is
/// read from the registry at most once per <see cref="StructuringOptions.ChampionCacheDuration"/>.
/// Every answer is checked against the grammar and the ontology; an answer that is not a valid MR is
/// returned flagged, never as valid.
/// </summary>
/// <param name="registry">The model registry.</param>
/// <param name="endpoint">The model endpoint.</param>
/// <param name="modelUpdate">The service name and base model.</param>
/// <param name="options">The structuring options.</param>
/// <param name="time">The clock of the champion cache.</param>
public sealed class FeedbackStructurer(
    ModelRegistry registry,
    IModelEndpoint endpoint,
    IOptions<ModelUpdateOptions> modelUpdate,
    IOptions<StructuringOptions> options,
    TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (string ModelId, DateTimeOffset Until)? _champion;

    /// <summary>The model that answers now: the champion, or the base model before there is one.</summary>
    /// <param name="cancellationToken">Cancels the registry read.</param>
    public async ValueTask<string> GetModelAsync(CancellationToken cancellationToken = default)
    {
        if (_champion is { } cached && cached.Until > time.GetUtcNow())
        {
            return cached.ModelId;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_champion is { } again && again.Until > time.GetUtcNow())
            {
                return again.ModelId;
            }

            ModelRegistryDocument document = await registry.ReadAsync(cancellationToken);
            string model = document.Champion ?? modelUpdate.Value.BaseModelId;
            _champion = (model, time.GetUtcNow() + options.Value.ChampionCacheDuration);
            return model;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    /// <summary>Structures texts already checked by <see cref="StructureRequest"/>; results in the same order.</summary>
    /// <param name="texts">The normalised texts.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="ModelUnavailableException">The model could not be reached.</exception>
    public async Task<StructureResponse> StructureAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        string model = await GetModelAsync(cancellationToken);
        string service = modelUpdate.Value.ServiceName;
        var results = new StructuredText[texts.Count];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, texts.Count),
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.RequestConcurrency, CancellationToken = cancellationToken },
                async (i, ct) => results[i] = StructuredText.FromAnswer(texts[i], await endpoint.CompleteAsync(service, model, texts[i], canary: false, ct), model));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ModelUnavailableException($"The model {model} on service '{service}' did not answer: {e.Message}", e);
        }

        return new StructureResponse(model, results, results.Count(r => r.Valid));
    }
}
