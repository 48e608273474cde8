using System.Text.Json;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Structuring;

/// <summary>Decides what to structure: the champion, and the version's new unlabelled lines.</summary>
/// <param name="services">The services (the model endpoint is only there when a model platform is configured).</param>
/// <param name="store">The object store.</param>
/// <param name="registry">The model registry.</param>
/// <param name="modelUpdate">The service name.</param>
/// <param name="options">The structuring options.</param>
public sealed class PlanStructuringActivity(
    IServiceProvider services,
    IObjectStore store,
    ModelRegistry registry,
    IOptions<ModelUpdateOptions> modelUpdate,
    IOptions<StructuringOptions> options) : TaskActivity<string, StructuringPlan>
{
    /// <inheritdoc />
    public override async Task<StructuringPlan> RunAsync(TaskActivityContext context, string input)
    {
        StructuringOptions o = options.Value;
        string service = modelUpdate.Value.ServiceName;
        StructuringPlan Skip(string reason) => new(reason, null, service, 0, 0, o.BatchSize, o.Parallelism);
        if (!o.StructureNewVersions)
        {
            return Skip("structuring new versions is switched off (Structuring:StructureNewVersions)");
        }

        if (services.GetService<IModelEndpoint>() is null)
        {
            return Skip("no model platform is configured");
        }

        string? champion = (await registry.ReadAsync()).Champion;
        if (champion is null)
        {
            return Skip("there is no champion yet");
        }

        await foreach (StoredObject _ in store.ListAsync(StoreLayout.StructuredSummary(input)))
        {
            return Skip($"version {input} was structured before");
        }

        DatasetManifest manifest;
        await using (Stream stream = await store.OpenReadAsync(StoreLayout.DatasetFile(input, "manifest.json")))
        {
            manifest = (await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, PipelineJson.Options))!;
        }

        long count = manifest.Counts.NewUnlabelled;
        return count == 0
            ? Skip($"version {input} has no new unlabelled records")
            : new StructuringPlan(null, champion, service, manifest.Counts.Unlabelled - count, count, o.BatchSize, o.Parallelism);
    }
}
