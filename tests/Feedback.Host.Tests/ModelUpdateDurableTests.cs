using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.FineTuning;
using Feedback.Core.Jsonl;
using Feedback.Emulator;
using Feedback.Integrations.Anyscale;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        _emulator = EmulatorApp.Build(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulator:Token"] = Token,
            ["Emulator:ArtifactsRoot"] = Path.Combine(_work.FullName, "artifacts"),
            ["Emulator:JobStepDelay"] = "00:00:01.500",
            ["Emulator:ServiceStartDelay"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _emulator.StartAsync();
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

    [Fact]
    public async Task DataTransformedMessage_OnAzurite_StartsModelUpdateThatFineTunesDeploysAndPromotes()
    {
        string store = Path.Combine(_work.FullName, "store");
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "AzureStorage",
            ["Durable:ConnectionString"] = _azurite.ConnectionString,
            ["Durable:TaskHubName"] = "ModelUpdateTests",
            ["ObjectStore:Root"] = store,
            ["Anyscale:BaseUrl"] = EmulatorUrl,
            ["Anyscale:Token"] = Token,
            ["Anyscale:ProjectId"] = "prj_feedback",
            ["ModelUpdate:ServiceName"] = "viggo-durable",
            ["ModelUpdate:FirstPoll"] = "00:00:00.200",
            ["ModelUpdate:MaxPoll"] = "00:00:01",
            ["Triggers:Queue:Orchestration"] = nameof(ModelUpdateOrchestration),
            ["Triggers:Queue:PollingInterval"] = "00:00:00.200",
        });
        IObjectStore objects = runtime.Services.GetRequiredService<IObjectStore>();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await objects.WriteAsync("reference/test.jsonl", test);
        }

        await WriteVersionAsync(objects, "v600", 600, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        await runtime.Services.GetRequiredService<IEventQueueClient>().SendAsync("data-transformed",
            JsonSerializer.Serialize(new DataTransformedEvent("v600", 600, 600), PipelineJson.Options));

        DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();
        OrchestrationMetadata done = await WaitForAsync(client, $"{nameof(ModelUpdateOrchestration)}-message-", TimeSpan.FromSeconds(150));

        var all = new List<string>();
        await foreach (OrchestrationMetadata m in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            all.Add($"{m.InstanceId} {m.Name} {m.RuntimeStatus} {m.SerializedCustomStatus} {m.SerializedOutput} {m.FailureDetails?.ErrorMessage}");
        }

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, string.Join("\n", all));
        ModelUpdateResult result = done.ReadOutputAs<ModelUpdateResult>()!;
        Assert.Equal("promoted", result.Outcome);
        Assert.Equal($"{BaseModel}:ds-v600", result.FineTune!.ModelId);
        ModelRegistryDocument registry = await new ModelRegistry(objects).ReadAsync();
        Assert.Equal(result.FineTune.ModelId, registry.Champion);
        Assert.Single(registry.History);
        Assert.True(File.Exists(Path.Combine(store, "datasets", "v600", "finetune.yaml")));
        Assert.Empty(await runtime.Services.GetRequiredService<IEventQueueClient>().PeekAsync("data-transformed", 32));
    }

    [Fact]
    public async Task FineTune_HostKilledWhilePolling_CompletesAfterRestartWithExactlyOneJob()
    {
        string jobDir = Directory.CreateDirectory(Path.Combine(_work.FullName, "job")).FullName;
        await using (var writer = new JsonlWriter(File.Create(Path.Combine(jobDir, "train.jsonl"))))
        {
            foreach (string line in File.ReadLines(Path.Combine(RepositoryPaths.Data, "curated", "train-100.jsonl")))
            {
                JsonNode node = JsonNode.Parse(line)!;
                await writer.WriteAsync(ChatExample.Create((string)node["text"]!, (string)node["mr"]!), Core.CoreJsonContext.Default.ChatExample);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(jobDir, "valid.jsonl"), string.Empty);
        await File.WriteAllTextAsync(Path.Combine(jobDir, "finetune.yaml"), FineTuneConfig.ToYaml(new FineTuneOptions(), "train.jsonl", "valid.jsonl", "output"));
        string jobName = $"crash-{Guid.NewGuid():N}"[..18];
        var request = new FineTuneRequest(jobName, "llmforge anyscale finetune finetune.yaml", jobDir,
            new Dictionary<string, string> { ["FINETUNE_MODEL_SUFFIX"] = jobName }, $"{BaseModel}:{jobName}",
            new FineTunePolicy(TimeSpan.FromMinutes(10), 3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), 5));

        int port = FreePort();
        var output = new ConcurrentQueue<string>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        string id = $"finetune-{Guid.NewGuid():N}";
        using (Process first = StartHost(port, output))
        {
            try
            {
                await WaitForHealthAsync(http, first, output);
                using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/orchestrators/{nameof(FineTuneOrchestration)}/{id}")
                {
                    Content = new StringContent(JsonSerializer.Serialize(new FineTuneState(request), PipelineJson.Options), System.Text.Encoding.UTF8, "application/json"),
                };
                start.Headers.Add("x-functions-key", RuntimeUnderTest.ApiKey);
                using HttpResponseMessage started = await http.SendAsync(start);
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
                await WaitForStatusAsync(http, id, s => s.GetProperty("customStatus").ValueKind == JsonValueKind.Object, output);
            }
            finally
            {
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }
        }

        Assert.Equal(1, await CountJobsAsync($"{jobName}-a1"));

        using Process second = StartHost(port, output);
        try
        {
            await WaitForHealthAsync(http, second, output);
            JsonElement done = await WaitForStatusAsync(http, id, s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", output);
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

    private async Task<int> CountJobsAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri(EmulatorUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        JsonElement page = await http.GetFromJsonAsync<JsonElement>($"/api/v2/decorated_ha_jobs/?name={Uri.EscapeDataString(name)}");
        return page.GetProperty("metadata").GetProperty("total").GetInt32();
    }

    private static async Task WriteVersionAsync(IObjectStore store, string version, long labelled, params string[] files)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new JsonlWriter(buffer, leaveOpen: true))
        {
            foreach (string file in files)
            {
                foreach (string line in File.ReadLines(Path.Combine(RepositoryPaths.Data, file)))
                {
                    JsonNode node = JsonNode.Parse(line)!;
                    await writer.WriteAsync(ChatExample.Create((string)node["text"]!, (string)node["mr"]!), Core.CoreJsonContext.Default.ChatExample);
                }
            }
        }

        buffer.Position = 0;
        await store.WriteAsync(DataLayout.DatasetFile(version, "train.jsonl"), buffer);
        await store.WriteAsync(DataLayout.DatasetFile(version, "valid.jsonl"), new MemoryStream());
        var manifest = new DatasetManifest(version, null, DateTimeOffset.UtcNow, "test", ViggoPrompt.Version,
            new DatasetCounts(labelled, 0, 0, labelled, 0), new Dictionary<string, long>(), [], [], new Dictionary<string, string>());
        await store.WriteAsync(DataLayout.DatasetFile(version, "manifest.json"), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, PipelineJson.Options)));
    }

    private static async Task<OrchestrationMetadata> WaitForAsync(DurableTaskClient client, string prefix, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await foreach (OrchestrationMetadata instance in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, FetchInputsAndOutputs = true }))
            {
                if (instance.IsCompleted && instance.Name == nameof(ModelUpdateOrchestration))
                {
                    return (await client.GetInstanceAsync(instance.InstanceId, getInputsAndOutputs: true))!;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No instance {prefix}* completed.");
    }

    private Process StartHost(int port, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "feedback.dll"), "host", "--backend", "azure-storage", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Durable__ConnectionString"] = _azurite.ConnectionString;
        start.Environment["Durable__TaskHubName"] = "FineTuneCrash";
        start.Environment["Durable__MaxQueuePollingInterval"] = "00:00:00.200";
        // An activity lost with a killed host is redelivered after this visibility timeout (activities here take milliseconds).
        start.Environment["Durable__WorkItemQueueVisibilityTimeout"] = "00:00:05";
        // Likewise an orchestration episode in flight when the host died (polling keeps one in flight most of the time).
        start.Environment["Durable__ControlQueueVisibilityTimeout"] = "00:00:05";
        start.Environment["Api__ApiKey"] = RuntimeUnderTest.ApiKey;
        start.Environment["Anyscale__BaseUrl"] = EmulatorUrl;
        start.Environment["Anyscale__Token"] = Token;
        start.Environment["Anyscale__ProjectId"] = "prj_feedback";
        start.Environment["ObjectStore__Root"] = Path.Combine(_work.FullName, "crash-store");
        start.Environment["Triggers__Schedule__Orchestration"] = string.Empty;
        start.Environment["Triggers__Blob__Orchestration"] = string.Empty;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealthAsync(HttpClient http, Process process, ConcurrentQueue<string> output)
    {
        for (int i = 0; i < 300; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {process.ExitCode}:\n{string.Join('\n', output)}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync("/api/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The host did not become healthy:\n{string.Join('\n', output)}");
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient http, string id, Func<JsonElement, bool> done, ConcurrentQueue<string> output)
    {
        JsonElement last = default;
        for (int i = 0; i < 600; i++)
        {
            using HttpResponseMessage response = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{id}");
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (done(last))
                {
                    return last;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{id}: last status {last}\n{string.Join('\n', output)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
