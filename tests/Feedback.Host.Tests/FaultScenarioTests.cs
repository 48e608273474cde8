using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Feedback.Emulator;
using Feedback.Emulator.Platform;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Feedback.Host.Tests;

/// <summary>
/// Injected faults through the emulator and the stores, each in its own runtime: 429 and 503 bursts,
/// connection resets, responses slower than the attempt timeout, a failed job, every job failing, an
/// UNHEALTHY canary, a Slack webhook that fails, and S3 errors. Each scenario ends in a defined state
/// (completed, or failed with an alert and a clear reason) within a bound, never submits a job twice,
/// and never promotes half way (the registry's champion and the service's primary agree). The figures
/// go to artifacts/reliability/faults.md.
/// </summary>
public sealed class FaultScenarioTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Token = "fault-scenarios-token-01";
    private const string BaseModel = "mistralai/Mistral-7B-Instruct-v0.1";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-faults-");
    private WebApplication _emulator = null!;
    private SlackInbox _slack = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorApp.StartInProcessAsync(Token, Path.Combine(_work.FullName, "artifacts"), jobStepDelay: TimeSpan.FromMilliseconds(300), serviceStartDelay: TimeSpan.FromMilliseconds(100));
        _slack = await SlackInbox.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _emulator.DisposeAsync();
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private sealed record Scenario(string Name, object Faults, string Expected, int Jobs, Dictionary<string, string?>? Settings = null, bool SlackFails = false);

    private static readonly Scenario[] Scenarios =
    [
        new("no fault", new { }, "promoted", 1),
        new("429 burst (6 calls)", new { failNext = 6, status = 429 }, "promoted", 1),
        new("503 burst (6 calls)", new { failNext = 6, status = 503 }, "promoted", 1),
        new("connection resets (4 calls)", new { resetNext = 4 }, "promoted", 1),
        new("one failed job", new { failJobs = 1 }, "promoted", 2),
        new("every job fails (2 of 2 attempts)", new { failJobs = 2 }, "failed", 2, new() { ["ModelUpdate:FineTuneAttempts"] = "2" }),
        new("UNHEALTHY canary", new { unhealthyCanary = true }, "failed", 1, new() { ["ModelUpdate:DeployGracePeriod"] = "00:00:03" }),
        new("responses slower than the attempt timeout", new { delayMs = 2500 }, "failed", 0, new() { ["Anyscale:AttemptTimeout"] = "00:00:01", ["Anyscale:MaxRetries"] = "1" }),
        new("Slack webhook answers 500", new { }, "promoted", 1, SlackFails: true),
    ];

    /// <summary>The table rows of the scenarios run in this process, by scenario; faults.md is rewritten after each.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> Rows = new();

    /// <summary>One test case per scenario, so one failure does not hide the others.</summary>
    public static TheoryData<string> ScenarioNames => [.. Scenarios.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task ModelUpdate_UnderAnInjectedFault_EndsInADefinedStateWithoutDuplicatesOrHalfPromotions(string name)
    {
        int index = Array.FindIndex(Scenarios, s => s.Name == name);
        Scenario scenario = Scenarios[index];
        (string outcome, string reason, int jobs, double seconds) = await RunAsync(index, scenario);
        Rows[index] = string.Create(CultureInfo.InvariantCulture, $"| {scenario.Name} | `{System.Text.Json.JsonSerializer.Serialize(scenario.Faults)}` | {outcome} | {reason.Replace("|", "/", StringComparison.Ordinal)} | {jobs} | {seconds:F1} |\n");
        await WriteReportAsync();
    }

    [Fact]
    public async Task DataUpdate_S3BucketMissing_FailsWithAnAlertThenCompletesOnceTheBucketExists()
    {
        Rows[Scenarios.Length] = await S3ErrorsAsync();
        await WriteReportAsync();
    }

    private async Task WriteReportAsync()
    {
        var report = new StringBuilder();
        report.AppendLine("| scenario | fault | outcome | reason / alert | jobs | seconds |");
        report.AppendLine("|---|---|---|---|---:|---:|");
        foreach (KeyValuePair<int, string> row in Rows.OrderBy(r => r.Key))
        {
            report.Append(row.Value);
        }

        log.WriteLine(report.ToString());
        string folder = Path.Combine(RepositoryPaths.Root, "artifacts", "reliability");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "faults.md"), report.ToString());
    }

    private async Task<(string Outcome, string Reason, int Jobs, double Seconds)> RunAsync(int index, Scenario scenario)
    {
        string service = $"viggo-fault-{index}";
        string version = $"vfault{index}";
        var settings = new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "InMemory",
            ["ObjectStore:Root"] = Path.Combine(_work.FullName, $"store-{index}"),
            ["Anyscale:BaseUrl"] = _emulator.Urls.First(),
            ["Anyscale:Token"] = Token,
            ["Anyscale:ProjectId"] = "prj_feedback",
            ["Anyscale:FineTuneBuildId"] = Feedback.Emulator.EmulatorDefaults.FineTuneBuildId,
            ["Anyscale:FineTuneComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId,
            ["Anyscale:ServingBuildId"] = Feedback.Emulator.EmulatorDefaults.ServingBuildId,
            ["Anyscale:ServingComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId,
            ["Slack:WebhookUrl"] = _slack.WebhookUrl.ToString(),
            ["ModelUpdate:ServiceName"] = service,
            ["ModelUpdate:FirstPoll"] = "00:00:00.200",
            ["ModelUpdate:MaxPoll"] = "00:00:00.500",
        };
        foreach ((string key, string? value) in scenario.Settings ?? [])
        {
            settings[key] = value;
        }

        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(settings);
        IObjectStore objects = runtime.Services.GetRequiredService<IObjectStore>();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await objects.WriteAsync("reference/test.jsonl", test);
        }

        await TestDatasets.WriteVersionAsync(objects, version, null, 600, "curated/train-100.jsonl", "expansion/train-500.jsonl");
        int alertsBefore = _slack.Messages.Count;
        _slack.FailWith = scenario.SlackFails ? 500 : null;
        using var admin = new HttpClient { BaseAddress = new Uri(_emulator.Urls.First()) };
        (await admin.PostAsJsonAsync("/admin/faults", scenario.Faults)).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        OrchestrationMetadata done;
        try
        {
            DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();
            string id = $"fault-{index}";
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ModelUpdateOrchestration), new DataTransformedEvent(version, 600, 600), new StartOrchestrationOptions(id));
            using var timeout = new CancellationTokenSource(Bound);
            done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        }
        finally
        {
            (await admin.DeleteAsync("/admin/faults")).EnsureSuccessStatusCode();
            _slack.FailWith = null;
        }

        clock.Stop();
        EmulatedJob[] jobs = [.. _emulator.Services.GetRequiredService<JobRunner>().All.Where(j => j.Name.StartsWith($"viggo-ft-{version}-", StringComparison.Ordinal))];
        string[] names = [.. jobs.Select(j => j.Name)];
        Assert.True(names.Distinct().Count() == names.Length, $"{scenario.Name}: a job name was submitted twice: {string.Join(", ", names)}");
        Assert.True(jobs.Length == scenario.Jobs, $"{scenario.Name}: {jobs.Length} jobs, expected {scenario.Jobs}: {string.Join(", ", names)}");

        // Never half way: the registry's champion is what the service's primary serves (or neither moved).
        ModelRegistryDocument registry = await runtime.Services.GetRequiredService<ModelRegistry>().ReadAsync();
        ServiceInfo? deployed = await runtime.Services.GetRequiredService<IComputePlatform>().FindServiceAsync(service);
        string primary = deployed?.Primary?.Version ?? ServingVersions.Base;
        Assert.True(ServingVersions.LabelOf(registry.Champion ?? BaseModel) == primary, $"{scenario.Name}: registry champion {registry.Champion}, service primary version {primary}");

        string reason;
        if (scenario.Expected == "promoted")
        {
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{scenario.Name}: {done.RuntimeStatus} {done.SerializedOutput} {done.FailureDetails?.ErrorMessage}");
            ModelUpdateResult result = done.ReadOutputAs<ModelUpdateResult>()!;
            Assert.Equal("promoted", WireNames.Of(result.Outcome));
            Assert.Equal(result.FineTune!.ModelId, registry.Champion);
            reason = scenario.SlackFails ? "promoted; the notification was logged, not delivered" : "promoted";
        }
        else
        {
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Failed, $"{scenario.Name}: {done.RuntimeStatus} {done.SerializedOutput}");
            Assert.Null(registry.Champion);
            // The rollback was requested before the update failed; the platform finishes it asynchronously.
            ServiceInfo? settled = deployed is null ? null : await TestModels.WaitForServiceAsync(
                runtime.Services.GetRequiredService<IComputePlatform>(), deployed.Id, s => s.State == ServicePhase.Running, TimeSpan.FromSeconds(20));
            Assert.True(settled?.Canary is null, $"{scenario.Name}: the failed challenger's canary is still there: {settled?.Canary}");
            string[] alerts = [.. _slack.Messages.Skip(alertsBefore).Select(m => m.GetRawText())];
            string? alert = alerts.FirstOrDefault(a => a.Contains("Model update failed", StringComparison.Ordinal));
            Assert.True(alert is not null, $"{scenario.Name}: no alert among {alerts.Length} messages");
            string text = done.FailureDetails?.ErrorMessage ?? done.SerializedOutput ?? string.Empty;
            Assert.False(string.IsNullOrWhiteSpace(text));
            reason = "failed, Slack alert: " + Innermost(text);
        }

        return (done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? "completed" : "failed", reason, jobs.Length, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The data update against S3 whose bucket is missing: it fails with the reason and an alert, makes no version, then succeeds once the bucket exists.</summary>
    private async Task<string> S3ErrorsAsync()
    {
        await using S3rver s3 = await S3rver.StartAsync();
        string bucket = $"missing-{Guid.NewGuid():N}"[..20];
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "InMemory",
            ["ObjectStore:Kind"] = "S3",
            ["ObjectStore:ServiceUrl"] = s3.ServiceUrl.ToString(),
            ["ObjectStore:Bucket"] = bucket,
            ["ObjectStore:ForcePathStyle"] = "true",
            ["ObjectStore:UseChunkEncoding"] = "false",
            ["ObjectStore:AccessKey"] = "S3RVER",
            ["ObjectStore:SecretKey"] = "S3RVER",
            ["Slack:WebhookUrl"] = _slack.WebhookUrl.ToString(),
        });
        int alertsBefore = _slack.Messages.Count;
        DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();
        var clock = Stopwatch.StartNew();
        OrchestrationMetadata failed = await RunDataUpdateAsync(client);
        clock.Stop();
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        string text = failed.FailureDetails?.ErrorMessage ?? failed.SerializedOutput ?? string.Empty;
        Assert.Contains("bucket", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(_slack.Messages.Skip(alertsBefore), m => m.GetRawText().Contains("Data update failed", StringComparison.Ordinal));

        // The bucket appears: the next run makes the version.
        var store = (S3ObjectStore)runtime.Services.GetRequiredService<IObjectStore>();
        await store.EnsureBucketAsync();
        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await store.WriteAsync("reference/test.jsonl", test);
        }

        await using (FileStream export = File.OpenRead(Path.Combine(RepositoryPaths.Data, "sources", "twitch", "2026-11-01.jsonl")))
        {
            await store.WriteAsync("sources/twitch/2026-11-01.jsonl", export);
        }

        OrchestrationMetadata recovered = await RunDataUpdateAsync(client);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, recovered.RuntimeStatus);
        Assert.Equal("new-version", WireNames.Of(recovered.ReadOutputAs<DataUpdateResult>()!.Outcome));
        string reason = "failed, Slack alert: " + Innermost(text);
        return string.Create(CultureInfo.InvariantCulture, $"| S3 errors: the bucket is missing (data update) | `NoSuchBucket` | failed, then completed once the bucket exists | {reason.Replace("|", "/", StringComparison.Ordinal)} | - | {clock.Elapsed.TotalSeconds:F1} |\n");
    }

    /// <summary>The root cause of a chain of task failures, shortened for the table.</summary>
    private static string Innermost(string text)
    {
        const string Marker = "unhandled exception: ";
        int at = text.LastIndexOf(Marker, StringComparison.Ordinal);
        string cause = (at < 0 ? text : text[(at + Marker.Length)..]).ReplaceLineEndings(" ");
        return cause.Length > 160 ? cause[..160] + "…" : cause;
    }

    private static async Task<OrchestrationMetadata> RunDataUpdateAsync(DurableTaskClient client)
    {
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(DataUpdateOrchestration), null, new StartOrchestrationOptions(DataUpdateOrchestration.SingletonInstanceId));
        using var timeout = new CancellationTokenSource(Bound);
        return await client.WaitForInstanceCompletionAsync(DataUpdateOrchestration.SingletonInstanceId, getInputsAndOutputs: true, timeout.Token);
    }
}
