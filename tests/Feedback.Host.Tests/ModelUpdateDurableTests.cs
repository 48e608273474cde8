using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Feedback.Emulator;
using Feedback.Emulator.Platform;
using Feedback.Integrations.Anyscale;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Tests;

/// <summary>
/// The model side on the durable backend (Azurite) with the Anyscale emulator: the data-transformed
/// event on the storage queue starts the model update, which fine-tunes, deploys and promotes; and a
/// fine-tune survives a killed host without a second job.
/// </summary>
public sealed class ModelUpdateDurableTests : IAsyncLifetime
{
    private const string Token = "emulator-test-token-0123";
    private const string BaseModel = "mistralai/Mistral-7B-Instruct-v0.1";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-model-durable-");
    private Azurite _azurite = null!;
    private WebApplication _emulator = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _emulator = await EmulatorApp.StartInProcessAsync(Token, Path.Combine(_work.FullName, "artifacts"), jobStepDelay: TimeSpan.FromMilliseconds(1500), serviceStartDelay: TimeSpan.FromMilliseconds(100));
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await _azurite.DisposeAsync();
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private string EmulatorUrl => _emulator.Urls.First();

    /// <summary>Adds the emulator's client settings (address, token, project and the four ids) to a runtime's settings.</summary>
    private Dictionary<string, string?> WithPlatform(Dictionary<string, string?> settings)
    {
        foreach ((string key, string? value) in Feedback.Emulator.EmulatorDefaults.ClientSettings(EmulatorUrl, Token))
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task DataTransformedMessage_OnAzurite_StartsModelUpdateThatFineTunesDeploysAndPromotes()
    {
        string store = Path.Combine(_work.FullName, "store");
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(WithPlatform(new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "AzureStorage",
            ["Durable:ConnectionString"] = _azurite.ConnectionString,
            ["Durable:TaskHubName"] = "ModelUpdateTests",
            ["ObjectStore:Root"] = store,
            ["ModelUpdate:ServiceName"] = "viggo-durable",
            ["ModelUpdate:FirstPoll"] = "00:00:00.200",
            ["ModelUpdate:MaxPoll"] = "00:00:01",
            ["Triggers:Queue:Orchestration"] = nameof(ModelUpdateOrchestration),
            ["Triggers:Queue:PollingInterval"] = "00:00:00.200",
        }));
        IObjectStore objects = runtime.Services.GetRequiredService<IObjectStore>();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await objects.WriteAsync("reference/test.jsonl", test);
        }

        await TestDatasets.WriteVersionAsync(objects, "v600", null, 600, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        await runtime.Services.GetRequiredService<IEventQueueClient>().SendAsync("data-transformed",
            JsonSerializer.Serialize(new DataTransformedEvent("v600", 600, 600), PipelineJson.Options));

        DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();
        OrchestrationMetadata done = await WaitForAsync(client, $"{nameof(ModelUpdateOrchestration)}-dataset-", TimeSpan.FromSeconds(150));

        var all = new List<string>();
        await foreach (OrchestrationMetadata m in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            all.Add($"{m.InstanceId} {m.Name} {m.RuntimeStatus} {m.SerializedCustomStatus} {m.SerializedOutput} {m.FailureDetails?.ErrorMessage}");
        }

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, string.Join("\n", all));
        ModelUpdateResult result = done.ReadOutputAs<ModelUpdateResult>()!;
        Assert.Equal("promoted", WireNames.Of(result.Outcome));
        Assert.Equal($"{BaseModel}:ds-v600", result.FineTune!.ModelId);
        ModelRegistryDocument registry = await new ModelRegistry(objects).ReadAsync();
        Assert.Equal(result.FineTune.ModelId, registry.Champion);
        Assert.Single(registry.History);
        // The job ran from a content-addressed package holding the LLM-Forge YAML and the DeepSpeed config it names ...
        string package = Assert.Single(Directory.GetFiles(Path.Combine(store, "jobs"), "pkg_*.zip"));
        using (ZipArchive zip = ZipFile.OpenRead(package))
        {
            Assert.Equal(["deepspeed_configs/zero_3_offload_optim+param.json", "finetune.yaml"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        }

        // ... and its adapter was copied where the service version loads it.
        Assert.True(File.Exists(Path.Combine(store, "models", "serving", "ds-v600", "ds-v600", "adapter_model.safetensors")));
        Assert.Empty(await runtime.Services.GetRequiredService<IEventQueueClient>().PeekAsync("data-transformed", 32));
    }

    [Fact]
    public async Task DataTransformedEvents_TwoVersionsPublishedAtOnce_FineTuneOneAtATimeAndEachModelIsPromotedAtMostOnce()
    {
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(WithPlatform(new Dictionary<string, string?>
        {
            ["ObjectStore:Root"] = Path.Combine(_work.FullName, "two-events"),
            ["ModelUpdate:ServiceName"] = "viggo-two-events",
            ["ModelUpdate:FirstPoll"] = "00:00:00.200",
            ["ModelUpdate:MaxPoll"] = "00:00:01",
            ["Triggers:Queue:Orchestration"] = nameof(ModelUpdateOrchestration),
            ["Triggers:Queue:PollingInterval"] = "00:00:00.200",
        }));
        IObjectStore objects = runtime.Services.GetRequiredService<IObjectStore>();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await objects.WriteAsync("reference/test.jsonl", test);
        }

        await TestDatasets.WriteVersionAsync(objects, "vtwo-a", null, 300, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        await TestDatasets.WriteVersionAsync(objects, "vtwo-b", "vtwo-a", 300, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        IEventQueueClient queue = runtime.Services.GetRequiredService<IEventQueueClient>();
        await Task.WhenAll(
            queue.SendAsync("data-transformed", JsonSerializer.Serialize(new DataTransformedEvent("vtwo-a", 300, 300), PipelineJson.Options)),
            queue.SendAsync("data-transformed", JsonSerializer.Serialize(new DataTransformedEvent("vtwo-b", 300, 600), PipelineJson.Options)),
            queue.SendAsync("data-transformed", JsonSerializer.Serialize(new DataTransformedEvent("vtwo-b", 300, 600), PipelineJson.Options)));

        JsonElement[] done = await Task.WhenAll(new[] { "vtwo-a", "vtwo-b" }.Select(v => runtime.WaitForStatusAsync(
            Feedback.Pipeline.Triggers.TriggerStarts.DatasetInstanceId(nameof(ModelUpdateOrchestration), v),
            s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated",
            TimeSpan.FromMinutes(4))));

        Assert.All(done, d => Assert.True(d.GetProperty("runtimeStatus").GetString() == "Completed", d.ToString()));
        string[] outcomes = [.. done.Select(d => d.GetProperty("output").GetProperty("outcome").GetString()!)];
        Assert.Contains(outcomes, o => o == "promoted");
        Assert.All(outcomes, o => Assert.Contains(o, new[] { "promoted", "rejected", "covered" }));
        Feedback.Emulator.Platform.EmulatedJob[] jobs = [.. _emulator.Services.GetRequiredService<Feedback.Emulator.Platform.JobRunner>().All
            .Where(j => j.Name.StartsWith("viggo-ft-vtwo-", StringComparison.Ordinal)).OrderBy(j => j.CreatedAt)];
        Assert.InRange(jobs.Length, 1, 2);
        if (jobs.Length == 2)
        {
            Assert.True(jobs[1].CreatedAt >= jobs[0].TransitionedAt, $"the second fine-tune started at {jobs[1].CreatedAt:O}, before the first ended at {jobs[0].TransitionedAt:O}");
        }

        ModelRegistryDocument registry = await runtime.Services.GetRequiredService<ModelRegistry>().ReadAsync();
        Assert.Equal(registry.History.Count, registry.History.Select(p => p.To).Distinct().Count());
        Assert.Null(registry.Lease);
        Assert.Equal(2, await CountAsync(runtime.Services.GetRequiredService<DurableTaskClient>(), $"{nameof(ModelUpdateOrchestration)}-"));
    }

    private static async Task<int> CountAsync(DurableTaskClient client, string prefix)
    {
        int count = 0;
        await foreach (OrchestrationMetadata m in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }))
        {
            count += m.Name == nameof(ModelUpdateOrchestration) ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public async Task OperatorVerbs_AsTheReadmeWritesThem_StartShowApproveAndListTheModels()
    {
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(WithPlatform(new Dictionary<string, string?>
        {
            ["ObjectStore:Root"] = Path.Combine(_work.FullName, "operators"),
            ["ModelUpdate:ServiceName"] = "viggo-operators",
            ["ModelUpdate:FirstPoll"] = "00:00:00.200",
            ["ModelUpdate:MaxPoll"] = "00:00:01",
            ["ModelUpdate:RequireApproval"] = "true",
        }));
        IObjectStore objects = runtime.Services.GetRequiredService<IObjectStore>();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await objects.WriteAsync("reference/test.jsonl", test);
        }

        // The version the README's start line names, with the curated 100 (below the gate: the line forces it).
        await TestDatasets.WriteVersionAsync(objects, "dd0a3f9699dd5472", null, 100, "curated/train-100.jsonl");
        string[] connection = ["--url", runtime.Http.BaseAddress!.ToString(), "--key", RuntimeUnderTest.ApiKey];

        (int started, string startOutput) = await VerbAsync(ReadmeText.CodeLine("feedback start ModelUpdateOrchestration"), connection);
        Assert.True(started == 0, startOutput);
        await runtime.WaitForStatusAsync("update-1-rollout", s => InstanceStatus.Stage(s) == "waiting for approval", TimeSpan.FromSeconds(150));
        (int shown, string showOutput) = await VerbAsync(ReadmeText.CodeLine("feedback show update-1"), connection);
        (int approved, string approveOutput) = await VerbAsync(ReadmeText.CodeLine("feedback approve update-1"), connection);
        JsonElement done = await runtime.WaitForStatusAsync("update-1", s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", TimeSpan.FromSeconds(60));
        (int listed, string models) = await VerbAsync(ReadmeText.CodeLine("feedback models"), connection);

        Assert.True(shown == 0, showOutput);
        Assert.Equal("update-1", JsonDocument.Parse(showOutput).RootElement.GetProperty("instanceId").GetString());
        Assert.True(approved == 0, approveOutput);
        Assert.True(done.GetProperty("runtimeStatus").GetString() == "Completed", done.ToString());
        Assert.Equal("promoted", done.GetProperty("output").GetProperty("outcome").GetString());
        Assert.True(listed == 0, models);
        Assert.Equal($"{BaseModel}:ds-dd0a3f9699dd5472", JsonDocument.Parse(models).RootElement.GetProperty("champion").GetString());
    }

    /// <summary>Runs a README line <c>feedback …</c> through the command line, with the host's address and key added.</summary>
    private static async Task<(int Code, string Output)> VerbAsync(string line, string[] connection)
    {
        string[] words = ReadmeText.Words(line);
        Assert.Equal("feedback", words[0]);
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Feedback.Host.Cli.FeedbackCommandLine.Build(output, error).Parse([.. words.Skip(1), .. connection]).InvokeAsync();
        return (code, output.ToString() + error.ToString());
    }

    [Fact]
    public async Task FineTune_HostKilledWhilePolling_CompletesAfterRestartWithExactlyOneJob()
    {
        (FineTuneRequest request, string jobName) = await PrepareCrashFineTuneAsync();
        var output = new ConcurrentQueue<string>();
        string id = $"finetune-{Guid.NewGuid():N}";
        await RunFirstHostAsync(output, id, request, http => HostProcess.WaitForStatusAsync(http, id, s => InstanceStatus.Stage(s) == "fine-tuning", TimeSpan.FromSeconds(120), output));

        Assert.Equal(1, await CountJobsAsync($"{jobName}-a1"));
        await CompleteOnSecondHostAsync(output, id, jobName);
    }

    [Fact]
    public async Task FineTune_HostKilledAfterClaimingTheJobNameBeforeSubmitting_SubmitsOnceAfterRestartWithoutWaitingOutTheClaim()
    {
        (FineTuneRequest request, string jobName) = await PrepareCrashFineTuneAsync();
        var output = new ConcurrentQueue<string>();
        string id = $"finetune-{Guid.NewGuid():N}";
        string claim = Path.Combine(_work.FullName, "crash-store", StoreLayout.JobSubmissionClaim($"{jobName}-a1"));

        // Every platform call takes 3 s, so the submission is still in flight when the claim appears; the kill aborts it.
        Faults faults = _emulator.Services.GetRequiredService<Faults>();
        faults.Set(0, 503, TimeSpan.FromSeconds(3), 0, false);
        try
        {
            await RunFirstHostAsync(output, id, request, _ => Wait.UntilAsync(() => File.Exists(claim), TimeSpan.FromSeconds(120), "the submit step's claim on the job name"));
        }
        finally
        {
            faults.Clear();
        }

        Assert.Equal(0, await CountJobsAsync($"{jobName}-a1"));

        // The step is redelivered to the second host within the same fine-tune execution, so it carries the dead run's
        // claimant id and submits at once; waiting out the claim (10 min) would fail the 120 s wait below.
        await CompleteOnSecondHostAsync(output, id, jobName);
    }

    /// <summary>A fine-tune of a 100-row dataset version with a unique job name and fast polling.</summary>
    private async Task<(FineTuneRequest Request, string JobName)> PrepareCrashFineTuneAsync()
    {
        var packages = new FileSystemObjectStore(Directory.CreateDirectory(Path.Combine(_work.FullName, "job-store")).FullName);
        await TestDatasets.WriteVersionAsync(packages, "crash", null, 100, "curated/train-100.jsonl");
        FineTuneRequest prepared = await new AnyscaleFineTuneJobs(packages, Options.Create(new FineTuneOptions())).PrepareAsync("crash", FineTunePolicy.Default);
        string jobName = $"crash-{Guid.NewGuid():N}"[..18];
        return (prepared with
        {
            JobName = jobName,
            Policy = new FineTunePolicy(TimeSpan.FromMinutes(10), 3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), 5),
        }, jobName);
    }

    /// <summary>Starts a host, starts the fine-tune <paramref name="id"/> on it, waits for <paramref name="killWhen"/> and kills the host.</summary>
    private async Task RunFirstHostAsync(ConcurrentQueue<string> output, string id, FineTuneRequest request, Func<HttpClient, Task> killWhen)
    {
        int port = HostProcess.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        using Process first = HostProcess.Start(port, CrashSettings(), output);
        try
        {
            await HostProcess.WaitForHealthAsync(http, first, output);
            using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/orchestrators/{nameof(FineTuneOrchestration)}/{id}")
            {
                Content = new StringContent(JsonSerializer.Serialize(new FineTuneState(request), PipelineJson.Options), System.Text.Encoding.UTF8, "application/json"),
            };
            start.Headers.Add("x-functions-key", RuntimeUnderTest.ApiKey);
            using HttpResponseMessage started = await http.SendAsync(start);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            await killWhen(http);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
    }

    /// <summary>Starts a second host on the same task hub and asserts the fine-tune <paramref name="id"/> completes there with exactly one job.</summary>
    private async Task CompleteOnSecondHostAsync(ConcurrentQueue<string> output, string id, string jobName)
    {
        // The restarted host gets a fresh port: the killed one's may have been taken by another process meanwhile.
        int secondPort = HostProcess.FreePort();
        using var secondHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{secondPort}"), Timeout = TimeSpan.FromSeconds(30) };
        using Process second = HostProcess.Start(secondPort, CrashSettings(), output);
        try
        {
            await HostProcess.WaitForHealthAsync(secondHttp, second, output);
            JsonElement done = await HostProcess.WaitForStatusAsync(secondHttp, id, s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", TimeSpan.FromSeconds(120), output);
            Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
            Assert.Equal($"{jobName}-a1", done.GetProperty("output").GetProperty("jobName").GetString());
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        Assert.Equal(1, await CountJobsAsync($"{jobName}-a1"));
        Assert.Equal(0, await CountJobsAsync($"{jobName}-a2"));
    }

    [Fact]
    public async Task Rollouts_OnAzurite_PromoteBetterRejectWorseWithSlackAndHonourApprovalAndFineTuneBudgets()
    {
        await using SlackInbox slack = await SlackInbox.StartAsync();
        string store = Path.Combine(_work.FullName, "store");
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(WithPlatform(new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "AzureStorage",
            ["Durable:ConnectionString"] = _azurite.ConnectionString,
            ["Durable:TaskHubName"] = "RolloutTests",
            ["Durable:MaxQueuePollingInterval"] = "00:00:00.100",
            ["ObjectStore:Root"] = store,
            ["Slack:WebhookUrl"] = slack.WebhookUrl.ToString(),
            ["ModelUpdate:FineTuneAttempts"] = "2",
            ["ModelUpdate:FirstPoll"] = "00:00:00.200",
            ["ModelUpdate:MaxPoll"] = "00:00:01",
        }));
        IObjectStore objects = runtime.Services.GetRequiredService<IObjectStore>();
        IComputePlatform platform = runtime.Services.GetRequiredService<IComputePlatform>();
        IFineTuneJobs jobs = runtime.Services.GetRequiredService<IFineTuneJobs>();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await objects.WriteAsync("reference/test.jsonl", test);
        }

        string few = Path.Combine(_work.FullName, "few.jsonl");
        await File.WriteAllLinesAsync(few, File.ReadLines(Path.Combine(RepositoryPaths.Data, "curated", "train-100.jsonl")).Take(15));
        string curated = await TestModels.TrainAsync(objects, jobs, platform, "curated", "curated/train-100.jsonl");
        string larger = await TestModels.TrainAsync(objects, jobs, platform, "larger", "curated/train-100.jsonl", "expansion/train-500.jsonl");
        string worse = await TestModels.TrainAsync(objects, jobs, platform, "worse", few);
        var registry = new ModelRegistry(objects);

        // (c) The approval gate: a rejection by an operator, with the CLI's reject verb against the host's API.
        await DeployAsync(jobs, platform, registry, "viggo-a", curated, larger);
        string gated = $"gated-{Guid.NewGuid():N}";
        using (HttpResponseMessage start = await runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/{nameof(RolloutOrchestration)}/{gated}",
            JsonSerializer.Serialize(new RolloutRequest("viggo-a", larger, BaseModel, "v-larger", RequireApproval: true), PipelineJson.Options)))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        await runtime.WaitForStatusAsync(gated, s => InstanceStatus.Stage(s) == "waiting for approval", TimeSpan.FromSeconds(120));
        var said = new StringWriter();
        var cliError = new StringWriter();
        int rejected = await Cli.FeedbackCommandLine.Build(said, cliError).Parse(
            ["reject", gated, "--by", "alice", "--reason", "freeze", "--url", runtime.Http.BaseAddress!.ToString(), "--key", RuntimeUnderTest.ApiKey]).InvokeAsync();
        Assert.True(rejected == 0, cliError.ToString());

        JsonElement c = (await runtime.WaitForStatusAsync(gated, s => s.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(120))).GetProperty("output");
        Assert.Equal("rejected", c.GetProperty("outcome").GetString());
        Assert.Equal("alice", c.GetProperty("approval").GetProperty("by").GetString());
        Assert.Equal(curated, (await registry.ReadAsync()).Champion);

        // (c) ... and an approval that never comes: the timeout's outcome (reject) applies.
        await SettledAsync(platform, "viggo-a");
        await TestModels.DeployCanaryAsync(jobs, platform, "viggo-a", larger);
        JsonElement timedOut = await RunAsync(runtime, nameof(RolloutOrchestration), new RolloutRequest("viggo-a", larger, BaseModel, "v-larger", RequireApproval: true, ApprovalTimeoutMinutes: 0.02));
        Assert.Equal("rejected", timedOut.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, timedOut.GetProperty("approval").ValueKind);
        Assert.Equal(curated, (await registry.ReadAsync()).Champion);

        // (a) A challenger trained on the larger dataset is promoted over a champion trained on the curated 100.
        await SettledAsync(platform, "viggo-a");
        await TestModels.DeployCanaryAsync(jobs, platform, "viggo-a", larger);
        JsonElement a = await RunAsync(runtime, nameof(RolloutOrchestration), new RolloutRequest("viggo-a", larger, BaseModel, "v-larger"));
        Assert.Equal("promoted", a.GetProperty("outcome").GetString());
        ModelRegistryDocument afterA = await registry.ReadAsync();
        Assert.Equal(larger, afterA.Champion);
        Assert.Equal([(null, curated), (curated, larger)], afterA.History.Select(h => (h.From, h.To)));

        // (b) A challenger trained on worse data is rejected, its canary rolled back, and Slack alerted.
        await SettledAsync(platform, "viggo-a");
        await TestModels.DeployCanaryAsync(jobs, platform, "viggo-a", worse);
        JsonElement b = await RunAsync(runtime, nameof(RolloutOrchestration), new RolloutRequest("viggo-a", worse, BaseModel, "v-worse"));
        Assert.Equal("rejected", b.GetProperty("outcome").GetString());
        Assert.Null((await SettledAsync(platform, "viggo-a")).Canary);
        Assert.Equal(larger, (await registry.ReadAsync()).Champion);
        Assert.Contains(slack.Messages, m => m.GetProperty("text").GetString()!.Contains($"{worse} rejected", StringComparison.Ordinal));

        // (d) A fine-tune past its timeout terminates its job; (e) a job that fails twice is retried within budget.
        FineTuneRequest slow = await PrepareJobAsync(objects, jobs, "slow", "curated/train-100.jsonl");
        JsonElement d = await RunAsync(runtime, nameof(FineTuneOrchestration), new FineTuneState(new FineTuneRequest(
            "slow", slow.Entrypoint, slow.WorkingDirectory, slow.EnvironmentVariables, slow.ModelId,
            new FineTunePolicy(TimeSpan.FromMilliseconds(500), 3, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)))), expectFailure: true);
        Assert.Contains("did not finish within", d.GetString(), StringComparison.Ordinal);
        Assert.Equal("TERMINATED", (await platform.FindJobAsync("slow-a1"))!.State);

        using (var admin = new HttpClient { BaseAddress = new Uri(EmulatorUrl) })
        {
            (await admin.PostAsJsonAsync("/admin/faults", new { failJobs = 2 })).EnsureSuccessStatusCode();
        }

        FineTuneRequest flaky = await PrepareJobAsync(objects, jobs, "flaky", "curated/train-100.jsonl");
        JsonElement e = await RunAsync(runtime, nameof(FineTuneOrchestration), new FineTuneState(new FineTuneRequest(
            "flaky", flaky.Entrypoint, flaky.WorkingDirectory, flaky.EnvironmentVariables, flaky.ModelId,
            new FineTunePolicy(TimeSpan.FromMinutes(5), 3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)))));
        Assert.Equal(3, e.GetProperty("attempts").GetInt32());

        // ... and a model update whose fine-tune keeps failing ends with a Slack alert.
        using (var admin = new HttpClient { BaseAddress = new Uri(EmulatorUrl) })
        {
            (await admin.PostAsJsonAsync("/admin/faults", new { failJobs = 5 })).EnsureSuccessStatusCode();
        }

        await TestDatasets.WriteVersionAsync(objects, "vfail", null, 600, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        JsonElement failed = await RunAsync(runtime, nameof(ModelUpdateOrchestration), new DataTransformedEvent("vfail", 600, 600), expectFailure: true);
        Assert.Contains("failed 2 time(s)", failed.GetString(), StringComparison.Ordinal);
        Assert.Contains(slack.Messages, m => m.GetProperty("text").GetString()!.Contains("Model update failed", StringComparison.Ordinal));
    }

    private static async Task<FineTuneRequest> PrepareJobAsync(IObjectStore objects, IFineTuneJobs jobs, string version, params string[] files)
    {
        await TestDatasets.WriteVersionAsync(objects, version, null, 0, files);
        return await TestModels.PrepareAsync(jobs, version);
    }

    private static async Task DeployAsync(IFineTuneJobs jobs, IComputePlatform platform, ModelRegistry registry, string service, string champion, string challenger)
    {
        await TestModels.DeployPrimaryAsync(jobs, platform, service, champion);
        await registry.RegisterChallengerAsync(new RegisteredModel(champion, "v-curated", null, ModelState.Challenger, DateTimeOffset.UtcNow));
        await registry.PromoteAsync(champion, null, "setup", "the first champion", DateTimeOffset.UtcNow);
        await TestModels.DeployCanaryAsync(jobs, platform, service, challenger);
    }

    private static async Task<ServiceInfo> SettledAsync(IComputePlatform platform, string service)
    {
        ServiceInfo found = (await platform.FindServiceAsync(service))!;
        return await TestModels.WaitForServiceAsync(platform, found.Id, s => s.State == ServicePhase.Running);
    }

    private static async Task<JsonElement> RunAsync(RuntimeUnderTest runtime, string orchestration, object input, bool expectFailure = false)
    {
        string id = $"{orchestration}-{Guid.NewGuid():N}";
        using (HttpResponseMessage start = await runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/{orchestration}/{id}", JsonSerializer.Serialize(input, PipelineJson.Options)))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        JsonElement done = await runtime.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", TimeSpan.FromSeconds(180));
        Assert.True(done.GetProperty("runtimeStatus").GetString() == (expectFailure ? "Failed" : "Completed"), done.ToString());
        JsonElement output = done.GetProperty("output");
        return expectFailure && output.ValueKind == JsonValueKind.Object ? output.GetProperty("errorMessage") : output;
    }

    private Dictionary<string, string> CrashSettings() => new()
    {
        ["Durable__ConnectionString"] = _azurite.ConnectionString,
        ["Durable__TaskHubName"] = "FineTuneCrash",
        // An activity lost with a killed host is redelivered after this visibility timeout (activities here take milliseconds).
        ["Durable__WorkItemQueueVisibilityTimeout"] = "00:00:05",
        // Likewise an orchestration episode in flight when the host died (polling keeps one in flight most of the time).
        ["Durable__ControlQueueVisibilityTimeout"] = "00:00:05",
        ["Anyscale__BaseUrl"] = EmulatorUrl,
        ["Anyscale__Token"] = Token,
        ["Anyscale__ProjectId"] = "prj_feedback",
        ["Anyscale__FineTuneBuildId"] = Feedback.Emulator.EmulatorDefaults.FineTuneBuildId,
        ["Anyscale__FineTuneComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId,
        ["Anyscale__ServingBuildId"] = Feedback.Emulator.EmulatorDefaults.ServingBuildId,
        ["Anyscale__ServingComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId,
        ["ObjectStore__Root"] = Path.Combine(_work.FullName, "crash-store"),
    };

    private async Task<int> CountJobsAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri(EmulatorUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        JsonElement page = await http.GetFromJsonAsync<JsonElement>($"/api/v2/decorated_ha_jobs/?name={Uri.EscapeDataString(name)}");
        return page.GetProperty("metadata").GetProperty("total").GetInt32();
    }

    private static async Task<OrchestrationMetadata> WaitForAsync(DurableTaskClient client, string prefix, TimeSpan timeout)
    {
        OrchestrationMetadata? done = await Wait.UntilAsync(
            async () =>
            {
                await foreach (OrchestrationMetadata instance in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, FetchInputsAndOutputs = true }))
                {
                    if (instance.IsCompleted && instance.Name == nameof(ModelUpdateOrchestration))
                    {
                        return instance;
                    }
                }

                return null;
            },
            instance => instance is not null,
            timeout,
            $"a completed instance {prefix}*");
        return (await client.GetInstanceAsync(done!.InstanceId, getInputsAndOutputs: true))!;
    }

}
