using System.Text;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Options;

namespace Feedback.Integrations.Anyscale;

/// <summary>
/// LLM-Forge fine-tuning jobs on Anyscale: the YAML goes next to the dataset version
/// (<c>datasets/{version}/finetune.yaml</c>), the job runs in that folder, and its name and model
/// suffix derive from the version, so preparing the same version twice gives the same job.
/// </summary>
/// <param name="store">The object store holding the dataset versions.</param>
/// <param name="options">The fine-tuning options.</param>
public sealed class AnyscaleFineTuneJobs(IObjectStore store, IOptions<FineTuneOptions> options) : IFineTuneJobs
{
    /// <inheritdoc />
    public async Task<FineTuneRequest> PrepareAsync(string datasetVersion, FineTunePolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetVersion);
        FineTuneOptions o = options.Value;
        string yaml = FineTuneConfig.ToYaml(o, "train.jsonl", "valid.jsonl", "output");
        await store.WriteAsync(DataLayout.DatasetFile(datasetVersion, "finetune.yaml"), new MemoryStream(Encoding.UTF8.GetBytes(yaml)), cancellationToken);
        Uri folder = store.Locate(DataLayout.DatasetFile(datasetVersion, "finetune.yaml"));
        string workingDirectory = folder.IsFile
            ? Path.GetDirectoryName(folder.LocalPath)!
            : folder.ToString()[..folder.ToString().LastIndexOf('/')];
        string suffix = $"ds-{datasetVersion}";
        return new FineTuneRequest(
            $"viggo-ft-{datasetVersion}",
            o.Entrypoint.Replace("{config}", "finetune.yaml", StringComparison.Ordinal),
            workingDirectory,
            new Dictionary<string, string> { ["FINETUNE_MODEL_SUFFIX"] = suffix },
            FineTuneConfig.FineTunedModelId(o.ModelId, suffix),
            policy);
    }
}
