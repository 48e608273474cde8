using System.Collections.Concurrent;
using Feedback.Emulator.Learning;

namespace Feedback.Emulator.Platform;

/// <summary>
/// Loads models the way Ray Serve LLM does: a base model id serves the base model (here the untrained model); a
/// <c>{base}:{adapter}</c> id loads <c>{dynamic_lora_loading_path}/{adapter}/</c> from cloud storage on first use and keeps it.
/// </summary>
/// <param name="storage">The cloud storage.</param>
public sealed class AdapterCache(CloudStorage storage)
{
    private static readonly Lazy<MrModel> BaseModel = new(() => MrModel.Train(new List<(string, string)>(), out _));
    private readonly ConcurrentDictionary<string, Lazy<Task<MrModel?>>> _loaded = new(StringComparer.Ordinal);

    /// <summary>The untrained base model.</summary>
    public static MrModel Base => BaseModel.Value;

    /// <summary>The adapter's model from <paramref name="adapterFolder"/>, or null when the folder has no adapter.</summary>
    /// <param name="adapterFolder">The adapter's folder URI.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    public async Task<MrModel?> LoadAsync(string adapterFolder, CancellationToken cancellationToken)
    {
        string folder = adapterFolder.TrimEnd('/');
        Lazy<Task<MrModel?>> lazy = _loaded.GetOrAdd(folder, f => new Lazy<Task<MrModel?>>(() => ReadAsync(f)));
        MrModel? model = await lazy.Value.WaitAsync(cancellationToken);
        if (model is null)
        {
            // Missing now may exist later (Ray caches a missing object briefly, then looks again).
            _loaded.TryRemove(new KeyValuePair<string, Lazy<Task<MrModel?>>>(folder, lazy));
        }

        return model;
    }

    private async Task<MrModel?> ReadAsync(string folder)
    {
        if (await storage.ReadAsync($"{folder}/{AdapterFiles.ConfigFile}", CancellationToken.None) is null)
        {
            return null;
        }

        byte[]? weights = await storage.ReadAsync($"{folder}/{AdapterFiles.WeightsFile}", CancellationToken.None);
        return weights is null ? null : AdapterFiles.ReadWeights(weights);
    }
}
