using System.Text.Json.Nodes;
using Feedback.Emulator;
using Feedback.Emulator.Learning;
using Feedback.Emulator.Platform;
using Feedback.Integrations.Anyscale;
using Feedback.Pipeline.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Bench;

/// <summary>
/// Puts models the benchmark trained in process on an in-process emulator without a fine-tuning job: the adapter files
/// go where a version loads them (<c>{folder}/{version}/{adapter}/</c>) and the version is applied with the same Ray
/// Serve LLM config the product sends.
/// </summary>
internal static class EmulatorSeeding
{
    /// <summary>Serves <paramref name="modelId"/> (<c>{base}:{adapter}</c>) on <paramref name="service"/>: as its primary when the service is new, else on a canary at <paramref name="canaryPercent"/>; returns once that version runs.</summary>
    public static async Task<EmulatedService> DeployAsync(WebApplication emulator, string folder, string service, string modelId, MrModel model, int? canaryPercent = null)
    {
        int colon = modelId.IndexOf(':', StringComparison.Ordinal);
        string baseId = modelId[..colon];
        string adapter = modelId[(colon + 1)..];
        string lora = new Uri(Path.Combine(folder, adapter) + Path.DirectorySeparatorChar).AbsoluteUri;
        CloudStorage storage = emulator.Services.GetRequiredService<CloudStorage>();
        await storage.WriteAsync($"{lora}{adapter}/{AdapterFiles.ConfigFile}", AdapterFiles.Config(baseId, new JsonObject()), CancellationToken.None);
        await storage.WriteAsync($"{lora}{adapter}/{AdapterFiles.WeightsFile}", AdapterFiles.Weights(model), CancellationToken.None);
        JsonObject config = RayServeLlmConfig.Build(new ServedModel(modelId, baseId, adapter, lora), new ServingOptions());
        ServiceRegistry registry = emulator.Services.GetRequiredService<ServiceRegistry>();
        var (deployed, _, error) = registry.Apply(new ApplyRequest(
            service, EmulatorDefaults.ProjectId, adapter, canaryPercent, config, EmulatorDefaults.ServingBuildId, EmulatorDefaults.ServingComputeConfigId, InPlace: false));
        if (deployed is null) throw new InvalidOperationException(error);
        for (int i = 0; i < 1000; i++)
        {
            ServiceVersion? version = deployed.Canary?.Version == adapter ? deployed.Canary : deployed.Primary;
            if (version is { State: "RUNNING" } && version.Version == adapter) return deployed;
            await Task.Delay(10);
        }

        throw new TimeoutException($"{modelId} did not start on {service}");
    }
}
