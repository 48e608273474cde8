using System.Text.Json.Nodes;
using Feedback.Emulator;
using Feedback.Emulator.Learning;
using Feedback.Emulator.Platform;
using Feedback.Integrations.Anyscale;
using Feedback.Integrations.Storage;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Bench;

/// <summary>
/// Puts models the benchmark trained in process on an in-process emulator without a fine-tuning job: the adapter files
/// go where the product's publication puts them in a filesystem store rooted at <c>storeRoot</c>
/// (<c>models/serving/{version}/{adapter}/</c>) and the version is applied with the same Ray Serve LLM config the
/// product sends, so the product's own promotion of that version applies the same config.
/// </summary>
internal static class EmulatorSeeding
{
    /// <summary>Serves <paramref name="modelId"/> (<c>{base}:{adapter}</c>) on <paramref name="service"/>: as its primary when the service is new, else on a canary at <paramref name="canaryPercent"/>; returns once that version runs.</summary>
    public static async Task<EmulatedService> DeployAsync(WebApplication emulator, string storeRoot, string service, string modelId, MrModel model, int? canaryPercent = null)
    {
        ServedModel served = new AnyscaleFineTuneJobs(new FileSystemObjectStore(storeRoot), Options.Create(new FineTuneOptions())).Describe(modelId);
        string adapter = ServingVersions.AdapterOf(modelId) ?? throw new ArgumentException("a fine-tuned model id", nameof(modelId));
        CloudStorage storage = emulator.Services.GetRequiredService<CloudStorage>();
        await storage.WriteAsync($"{served.LoraUri}{adapter}/{AdapterFiles.ConfigFile}", AdapterFiles.Config(served.BaseModelId, new JsonObject()), CancellationToken.None);
        await storage.WriteAsync($"{served.LoraUri}{adapter}/{AdapterFiles.WeightsFile}", AdapterFiles.Weights(model), CancellationToken.None);
        JsonObject config = RayServeLlmConfig.Build(served, new ServingOptions());
        ServiceRegistry registry = emulator.Services.GetRequiredService<ServiceRegistry>();
        var (deployed, _, error) = registry.Apply(new ApplyRequest(
            service, EmulatorDefaults.ProjectId, served.Version, canaryPercent, config, EmulatorDefaults.ServingBuildId, EmulatorDefaults.ServingComputeConfigId, InPlace: false));
        if (deployed is null) throw new InvalidOperationException(error);
        for (int i = 0; i < 1000; i++)
        {
            ServiceVersion? version = deployed.Canary?.Version == served.Version ? deployed.Canary : deployed.Primary;
            if (version is { State: "RUNNING" } && version.Version == served.Version) return deployed;
            await Task.Delay(10);
        }

        throw new TimeoutException($"{modelId} did not start on {service}");
    }
}
