using System.Net.Http.Json;
using System.Text.Json;
using Feedback.Emulator.Platform;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Host.Tests;

/// <summary>
/// The whole loop on one Azurite task hub, driven by the triggers of self-hosted hosts (child processes): a store with
/// the held-out test set and three source exports, the settings every host of the scenario shares, and the checks that
/// the loop ran exactly once (one dataset version, one fine-tuning job, one promotion, a consistent registry).
/// </summary>
internal sealed class LoopOnTaskHub
{
    /// <summary>The emulator's token.</summary>
    public const string Token = "loop-on-task-hub-token-0123";

    private const string BaseModel = "mistralai/Mistral-7B-Instruct-v0.1";

    private LoopOnTaskHub(string store, IReadOnlyDictionary<string, string> settings)
    {
        Store = store;
        Objects = new FileSystemObjectStore(store);
        Settings = settings;
    }

    /// <summary>The store's folder.</summary>
    public string Store { get; }

    /// <summary>The store.</summary>
    public FileSystemObjectStore Objects { get; }

    /// <summary>The settings (environment variables) every host of the scenario runs with.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Writes the store and names the task hub, queue and service after <paramref name="name"/>.</summary>
    public static async Task<LoopOnTaskHub> CreateAsync(string folder, string name, Azurite azurite, WebApplication emulator)
    {
        string store = Path.Combine(folder, "store");
        string queue = $"dt-{name.ToLowerInvariant()}";
        var settings = new Dictionary<string, string>
        {
            ["Durable__ConnectionString"] = azurite.ConnectionString,
            ["Durable__TaskHubName"] = name,
            ["Durable__WorkItemQueueVisibilityTimeout"] = "00:00:05",
            ["Durable__ControlQueueVisibilityTimeout"] = "00:00:05",
            ["Anyscale__BaseUrl"] = emulator.Urls.First(),
            ["Anyscale__Token"] = Token,
            ["Anyscale__ProjectId"] = "prj_feedback",
            ["Anyscale__FineTuneBuildId"] = Feedback.Emulator.EmulatorDefaults.FineTuneBuildId,
            ["Anyscale__FineTuneComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId,
            ["Anyscale__ServingBuildId"] = Feedback.Emulator.EmulatorDefaults.ServingBuildId,
            ["Anyscale__ServingComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId,
            ["ObjectStore__Root"] = store,
            ["Triggers__Blob__Orchestration"] = nameof(DataUpdateOrchestration),
            ["Triggers__Blob__PollingInterval"] = "00:00:00.500",
            ["Triggers__Blob__SettlePolls"] = "1",
            ["Triggers__Queue__Orchestration"] = nameof(ModelUpdateOrchestration),
            ["Triggers__Queue__QueueName"] = queue,
            ["Triggers__Queue__PollingInterval"] = "00:00:00.300",
            ["Triggers__Queue__VisibilityTimeout"] = "00:00:05",
            ["DataUpdate__EventQueue"] = queue,
            ["ModelUpdate__ServiceName"] = $"viggo-{name.ToLowerInvariant()}",
            ["ModelUpdate__FirstPoll"] = "00:00:00.300",
            ["ModelUpdate__MaxPoll"] = "00:00:01",
        };

        var scenario = new LoopOnTaskHub(store, settings);
        await scenario.CopyAsync("test/test.jsonl", "reference/test.jsonl");
        foreach (string export in new[] { "sources/discord/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl", "sources/discord/2026-11-02.jsonl" })
        {
            await scenario.CopyAsync(export, export);
        }

        return scenario;
    }

    /// <summary>Every instance the host behind <paramref name="http"/> lists, with inputs and outputs.</summary>
    public static async Task<List<JsonElement>> InstancesAsync(HttpClient http) =>
        await http.GetFromJsonAsync<List<JsonElement>>("/runtime/webhooks/durabletask/instances?top=200&showInput=true") ?? [];

    /// <summary>What runs now, as "DataUpdate:transforming + ModelUpdate:fine-tuning"; "idle" or "unknown".</summary>
    public static async Task<string> RunningAsync(HttpClient http)
    {
        try
        {
            var running = (await InstancesAsync(http)).Where(i => i.GetProperty("runtimeStatus").GetString() is "Running" or "Pending")
                .Select(i => $"{i.GetProperty("name").GetString()!.Replace("Orchestration", string.Empty, StringComparison.Ordinal)}{(i.GetProperty("customStatus").ValueKind == JsonValueKind.Object ? ":" + i.GetProperty("customStatus").GetProperty("stage").GetString() : string.Empty)}")
                .ToList();
            return running.Count == 0 ? "idle" : string.Join(" + ", running);
        }
        catch (HttpRequestException)
        {
            return "unknown";
        }
    }

    /// <summary>Waits until a model update completed and nothing runs any more; returns the instances then.</summary>
    public static async Task<List<JsonElement>> WaitUntilDoneAsync(HttpClient http, TimeSpan timeout)
    {
        List<JsonElement> last = [];
        string? error = null;
        try
        {
            return await Wait.UntilAsync(
                async () =>
                {
                    try
                    {
                        last = await InstancesAsync(http);
                        error = null;
                    }
                    catch (HttpRequestException e)
                    {
                        error = e.Message;
                    }

                    return last;
                },
                instances => error is null
                    && instances.Any(i => i.GetProperty("name").GetString() == nameof(ModelUpdateOrchestration) && i.GetProperty("runtimeStatus").GetString() == "Completed")
                    && instances.All(i => i.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated"),
                timeout,
                "a completed model update and no running instance");
        }
        catch (TimeoutException e)
        {
            string seen = string.Join("\n", last.Select(i => $"{i.GetProperty("name")} {i.GetProperty("instanceId")} {i.GetProperty("runtimeStatus")} {i.GetProperty("customStatus")}"));
            throw new TimeoutException($"{e.Message}\nlast listing error: {error ?? "none"}\ninstances:\n{seen}", e);
        }
    }

    /// <summary>
    /// Checks the loop ran exactly once: every instance completed, one promotion, one dataset version (the ledger's), one
    /// fine-tuning job for it, and a registry with that one model as champion. Returns the job count and the model updates.
    /// </summary>
    public async Task<(int Jobs, int ModelUpdates, int Versions)> AssertRanOnceAsync(List<JsonElement> instances, WebApplication emulator, string context)
    {
        string summary = string.Join("\n", instances.Select(i => $"{i.GetProperty("name")} {i.GetProperty("instanceId")} {i.GetProperty("runtimeStatus")} {i.GetProperty("output")}"));
        Assert.True(instances.All(i => i.GetProperty("runtimeStatus").GetString() == "Completed"), $"{context}: not every instance completed\n{summary}");
        JsonElement[] updates = [.. instances.Where(i => i.GetProperty("name").GetString() == nameof(ModelUpdateOrchestration))];
        string[] outcomes = [.. updates.Select(u => u.GetProperty("output").GetProperty("outcome").GetString()!)];
        Assert.True(outcomes.Count(o => o == "promoted") == 1, $"{context}: {outcomes.Count(o => o == "promoted")} promotions\n{summary}");
        Assert.All(outcomes, o => Assert.Contains(o, new[] { "promoted", "below-threshold", "covered" }));

        // One dataset version for the one distinct input, and the ledger points at it.
        string[] versions = Directory.GetDirectories(Path.Combine(Store, "datasets")).Select(Path.GetFileName).ToArray()!;
        Assert.Single(versions);
        Assert.Equal(versions[0], (await IngestionLedger.ReadAsync(Objects)).CurrentVersion);

        // Exactly one fine-tuning job for the one logical fine-tune (this scenario's: its package lives in this store).
        string jobPrefix = $"viggo-ft-{versions[0]}-";
        string storeUri = new Uri(Path.GetFullPath(Store)).AbsoluteUri;
        EmulatedJob[] jobs = [.. emulator.Services.GetRequiredService<JobRunner>().All.Where(j =>
            j.Name.StartsWith(jobPrefix, StringComparison.Ordinal) && ((string?)j.Config["runtime_env"]?["working_dir"] ?? string.Empty).StartsWith(storeUri, StringComparison.Ordinal))];
        Assert.True(jobs.Length == 1, $"{context}: {jobs.Length} jobs: {string.Join(", ", jobs.Select(j => $"{j.Name} {j.State}"))}");

        // The registry: one model, the champion, one promotion, no dangling challenger, no lease left.
        ModelRegistryDocument registry = await new ModelRegistry(Objects).ReadAsync();
        string model = $"{BaseModel}:ds-{versions[0]}";
        Assert.Equal(model, registry.Champion);
        Assert.Null(registry.Challenger);
        Assert.Equal([model], registry.Models.Select(m => m.ModelId));
        Assert.Equal("champion", WireNames.Of(registry.Models[0].State));
        Assert.Single(registry.History);
        Assert.Null(registry.Lease);
        return (jobs.Length, updates.Length, versions.Length);
    }

    private async Task CopyAsync(string relative, string key)
    {
        await using FileStream file = File.OpenRead(Path.Combine(RepositoryPaths.Data, relative));
        await Objects.WriteAsync(key, file);
    }
}
