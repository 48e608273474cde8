using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Options;

namespace Feedback.Integrations.Anyscale;

/// <summary>
/// LLM-Forge fine-tuning jobs on Anyscale, run the way the reference runs them. The job's working directory (the
/// LLM-Forge YAML and the DeepSpeed config it names) is packaged as a content-addressed zip in the object store, whose
/// remote URI the job gets; the training files are read by their remote URIs. The entrypoint fixes the model tag
/// <c>{base}:ds-{version}</c> and the checkpoint's remote folder before the job starts; the job is named after the dataset
/// version and the package (<c>viggo-ft-{version}-{package hash}</c>), so the model id and the
/// adapter's location are known without reading the job's logs. After the job, <see cref="PublishAsync"/> checks the
/// adapter's files and copies them to the folder the service version loads adapters from.
/// </summary>
/// <param name="store">The object store holding the dataset versions, the packages and the model artifacts.</param>
/// <param name="options">The fine-tuning options.</param>
public sealed class AnyscaleFineTuneJobs(IObjectStore store, IOptions<FineTuneOptions> options) : IFineTuneJobs
{
    /// <summary>The LLM-Forge YAML's name inside the package.</summary>
    public const string ConfigFile = "finetune.yaml";

    /// <inheritdoc />
    public async Task<FineTuneRequest> PrepareAsync(string datasetVersion, FineTunePolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetVersion);
        FineTuneOptions o = options.Value;
        string modelId = $"{o.ModelId}:ds-{datasetVersion}";
        string yaml = FineTuneConfig.ToYaml(
            o,
            store.Locate(StoreLayout.DatasetFile(datasetVersion, "train.jsonl")).AbsoluteUri,
            store.Locate(StoreLayout.DatasetFile(datasetVersion, "valid.jsonl")).AbsoluteUri,
            "/mnt/local_storage");
        JobPackage package = JobPackage.Create(new Dictionary<string, string>
        {
            [ConfigFile] = yaml,
            [o.DeepspeedConfigPath] = DeepSpeedConfigs.Zero3OffloadOptimizerAndParameters,
        });
        string key = ModelArtifactLayout.Package(package.ContentHash);
        try
        {
            await store.WriteIfAsync(key, package.Content, WriteCondition.MustNotExist, cancellationToken);
        }
        catch (ObjectChangedException)
        {
            // Written before (a replay, or the same files for another job): the same content, by its name.
        }

        string entrypoint = o.Entrypoint
            .Replace("{config}", ConfigFile, StringComparison.Ordinal)
            .Replace("{modelTag}", modelId, StringComparison.Ordinal)
            .Replace("{checkpointUri}", FolderUri(ModelArtifactLayout.Checkpoints), StringComparison.Ordinal);
        // The job's name carries the package's hash as well as the dataset version: a job of the same data with another
        // configuration, or writing to another bucket, is another job, never one to reuse.
        return new FineTuneRequest($"viggo-ft-{datasetVersion}-{package.ContentHash[..8]}", entrypoint, store.Locate(key).AbsoluteUri, new Dictionary<string, string>(), modelId, policy);
    }

    /// <inheritdoc />
    public async Task<ServedModel> PublishAsync(string modelId, CancellationToken cancellationToken = default)
    {
        ServedModel served = Describe(modelId);
        string adapter = ServingVersions.AdapterOf(modelId) ?? throw new ArgumentException($"'{modelId}' is a base model: it has no adapter to publish.", nameof(modelId));
        string source = ModelArtifactLayout.Checkpoint(modelId) + "/";
        var files = new List<StoredObject>();
        await foreach (StoredObject item in store.ListAsync(source, cancellationToken))
        {
            files.Add(item);
        }

        foreach (string required in ModelArtifactLayout.RequiredAdapterFiles)
        {
            if (!files.Any(f => f.Key == source + required))
            {
                throw new FileNotFoundException(
                    $"The fine-tune of {modelId} succeeded but its adapter is incomplete: {store.Locate(source + required).AbsoluteUri} is missing " +
                    $"(LLM-Forge forwards the best checkpoint to --forward-best-checkpoint-remote-uri under the model tag).");
            }
        }

        string target = $"{ModelArtifactLayout.ServingFolder(served.Version)}/{adapter}/";
        foreach (StoredObject file in files)
        {
            await using Stream content = await store.OpenReadAsync(file.Key, cancellationToken);
            await store.WriteAsync(target + file.Key[source.Length..], content, cancellationToken);
        }

        return served;
    }

    /// <inheritdoc />
    public ServedModel Describe(string modelId)
    {
        string version = ServingVersions.LabelOf(modelId);
        return new ServedModel(modelId, ServingVersions.BaseModelOf(modelId), version, FolderUri(ModelArtifactLayout.ServingFolder(version)));
    }

    private string FolderUri(string folder) => store.Locate(folder).AbsoluteUri.TrimEnd('/') + "/";
}
