using System.Net.Http.Json;
using Feedback.Emulator;
using Feedback.Emulator.Platform;
using Feedback.Integrations.Anyscale;
using Feedback.Integrations.Storage;
using Feedback.Pipeline.ModelUpdate;
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
    public IObjectStore Store => Services.GetRequiredService<IObjectStore>();
    public IFineTuneJobs Jobs => Services.GetRequiredService<IFineTuneJobs>();
    public Faults Faults => _app!.Services.GetRequiredService<Faults>();
    public IEnumerable<EmulatedJob> EmulatedJobs => _app!.Services.GetRequiredService<JobRunner>().All;
    public HttpClient Admin { get; } = new();

    public async Task InitializeAsync()
    {
        _app = await EmulatorApp.StartInProcessAsync(Token, Path.Combine(Work.FullName, "artifacts"), jobStepDelay: TimeSpan.FromMilliseconds(100), serviceStartDelay: TimeSpan.FromMilliseconds(100));
        BaseUrl = new Uri(_app.Urls.First());
        Admin.BaseAddress = BaseUrl;
        Services = CreateServices(BaseUrl.ToString(), storeRoot: Path.Combine(Work.FullName, "store"));
    }

    public static ServiceProvider CreateServices(string baseUrl, string token = Token, string? storeRoot = null, IDictionary<string, string?>? settings = null)
    {
        Dictionary<string, string?> values = EmulatorDefaults.ClientSettings(baseUrl, token);
        values["Anyscale:RetryDelay"] = "00:00:00.050";
        values["Anyscale:AttemptTimeout"] = "00:00:02";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IObjectStore>(new FileSystemObjectStore(storeRoot ?? Directory.CreateTempSubdirectory("emulator-store-").FullName))
            .AddAnyscale(configuration)
            .BuildServiceProvider();
    }

    /// <summary>Writes dataset version <paramref name="version"/> from labelled files and packages its fine-tune; returns the job (named <paramref name="name"/>) and the model id it will produce.</summary>
    public async Task<(JobSubmission Job, string ModelId)> PrepareFineTuneAsync(string name, string version, params string[] labelledFiles)
    {
        await TestDatasets.WriteVersionAsync(Store, version, null, 0, labelledFiles);
        FineTuneRequest request = await TestModels.PrepareAsync(Jobs, version);
        return (TestModels.Submission(request, name), request.ModelId);
    }

    public Task<ComputeJob> WaitForJobAsync(string id, TimeSpan? timeout = null) => TestModels.WaitForJobAsync(Client, id, timeout);

    public Task<ServiceInfo> WaitForServiceAsync(string id, Func<ServiceInfo, bool> done) => TestModels.WaitForServiceAsync(Client, id, done);

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
