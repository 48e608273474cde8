using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feedback.Core.FineTuning;
using Feedback.Core.Jsonl;
using Feedback.Emulator;
using Feedback.Emulator.Platform;
using Feedback.Integrations.Anyscale;
using Feedback.Pipeline.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Integrations.Tests;

/// <summary>The emulator on a loopback port, and the product's client wired to it by configuration.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const string Token = "test-platform-token-0123";
    private WebApplication? _app;

    public DirectoryInfo Work { get; } = Directory.CreateTempSubdirectory("emulator-");
    public Uri BaseUrl { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public AnyscaleClient Client => Services.GetRequiredService<AnyscaleClient>();
    public Faults Faults => _app!.Services.GetRequiredService<Faults>();
    public HttpClient Admin { get; } = new();

    public async Task InitializeAsync()
    {
        _app = await EmulatorApp.StartInProcessAsync(Token, Path.Combine(Work.FullName, "artifacts"), jobStepDelay: TimeSpan.FromMilliseconds(100), serviceStartDelay: TimeSpan.FromMilliseconds(100));
        BaseUrl = new Uri(_app.Urls.First());
        Admin.BaseAddress = BaseUrl;
        Services = CreateServices(BaseUrl.ToString());
    }

    public static ServiceProvider CreateServices(string baseUrl, string token = Token)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Anyscale:BaseUrl"] = baseUrl,
            ["Anyscale:Token"] = token,
            ["Anyscale:ProjectId"] = "prj_feedback",
            ["Anyscale:RetryDelay"] = "00:00:00.050",
            ["Anyscale:AttemptTimeout"] = "00:00:02",
        }).Build();
        return new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddAnyscale(configuration)
            .BuildServiceProvider();
    }

    /// <summary>Writes a chat-format training file and its YAML; returns the submission.</summary>
    public async Task<JobSubmission> PrepareFineTuneAsync(string name, string suffix, params string[] labelledFiles)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Work.FullName, name));
        await using (var writer = new JsonlWriter(File.Create(Path.Combine(dir.FullName, "train.jsonl"))))
        {
            foreach (var file in labelledFiles)
            {
                foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.Data, file)))
                {
                    var node = JsonNode.Parse(line)!;
                    await writer.WriteAsync(ChatExample.Create((string)node["text"]!, (string)node["mr"]!), Core.CoreJsonContext.Default.ChatExample);
                }
            }
        }
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "valid.jsonl"), "");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "finetune.yaml"),
            FineTuneConfig.ToYaml(new FineTuneOptions(), "train.jsonl", "valid.jsonl", "output"));
        return new JobSubmission(name, "llmforge anyscale finetune finetune.yaml", dir.FullName,
            new Dictionary<string, string> { ["FINETUNE_MODEL_SUFFIX"] = suffix });
    }

    public async Task<ComputeJob> WaitForJobAsync(string id, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var job = await Client.GetJobAsync(id, cts.Token);
            if (job.Phase is JobPhase.Succeeded or JobPhase.Failed) return job;
            await Task.Delay(50, cts.Token);
        }
    }

    public async Task<ServiceInfo> WaitForServiceAsync(string id, Func<ServiceInfo, bool> done)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var service = await Client.GetServiceAsync(id, cts.Token);
            if (done(service)) return service;
            await Task.Delay(50, cts.Token);
        }
    }

    public async Task SetFaultsAsync(object faults) => (await Admin.PostAsJsonAsync("admin/faults", faults)).EnsureSuccessStatusCode();

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
        Admin.Dispose();
        try { Work.Delete(recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(nameof(SharedEmulator))]
public sealed class SharedEmulator : ICollectionFixture<EmulatorFixture>;
