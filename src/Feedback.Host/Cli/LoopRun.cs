using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Emulator;
using Feedback.Host.Api;
using Feedback.Host.Hosting;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Intake;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Feedback.Host.Cli;

/// <summary>
/// The whole loop, as <c>feedback run</c> drives it: the Anyscale emulator in process, the self-hosted
/// runtime with its triggers (blob arrival starts the data update, the <c>data-transformed</c> queue
/// starts the model update) and then, watched with live progress:
/// the notebook flow (the curated set through the intake API, a first dataset version, the base model
/// deployed and measured, a fine-tune on the curated set forced past the gate, deployed, evaluated
/// and made champion), the automatic loop (the source exports land, the data update makes a grown
/// version and the champion structures its new feedback, the event starts the model update, the
/// challenger is trained and the rollout decides), and a later export whose version stays below the gate.
/// </summary>
public sealed class LoopRun(LoopSettings settings, IAnsiConsole console)
{
    private static readonly TimeSpan StageTimeout = TimeSpan.FromMinutes(10);
    private readonly TimeProvider _time = TimeProvider.System;
    private string? _apiKey;
    private readonly string _platformToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private WebApplication? _runtime;
    private DurableTaskClient? _client;

    /// <summary>The dashboard, once the host runs.</summary>
    public Uri? Dashboard { get; private set; }

    /// <summary>Called with the dashboard's address as soon as the host serves it.</summary>
    public Action<Uri>? OnServing { get; init; }

    /// <summary>Keeps the host serving after the run until cancelled.</summary>
    public bool Serve { get; init; }

    /// <summary>
    /// The key the run's host requires and its own calls send: <c>--Api:ApiKey=…</c> (or <c>Api__ApiKey</c>) when given,
    /// else a random one made for the run, which is printed once when the host keeps serving (<see cref="Serve"/>).
    /// </summary>
    public string ApiKey => _apiKey ??= Setting("Api:ApiKey") is { Length: > 0 } given ? given : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Runs the loop; 0 when every stage ended as it should, 1 with the failed stage and its reason otherwise.</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (settings.Work.Exists)
        {
            settings.Work.Delete(recursive: true);
        }

        settings.Work.Create();
        if (!console.Profile.Capabilities.Interactive && console.Profile.Width < 140)
        {
            console.Profile.Width = 140;
        }

        var clock = Stopwatch.StartNew();
        WebApplication? emulator = null;
        try
        {
            emulator = await EmulatorApp.StartInProcessAsync(_platformToken, Path.Combine(settings.Work.FullName, "emulator"), serviceStartDelay: TimeSpan.FromMilliseconds(500), settings: new Dictionary<string, string?>
            {
                ["Emulator:S3:ServiceUrl"] = settings.S3ServiceUrl?.ToString(),
                ["Emulator:S3:AccessKey"] = Setting("ObjectStore:AccessKey"),
                ["Emulator:S3:SecretKey"] = Setting("ObjectStore:SecretKey"),
                ["Logging:LogLevel:Default"] = "Error",
            }, cancellationToken: cancellationToken);
            _runtime = FeedbackRuntime.Build([.. RuntimeArguments(emulator.Urls.First())]);
            await _runtime.StartAsync(cancellationToken);
            _client = _runtime.Services.GetRequiredService<DurableTaskClient>();
            if (_runtime.Services.GetRequiredService<IObjectStore>() is Integrations.Storage.S3ObjectStore bucket)
            {
                await bucket.EnsureBucketAsync(cancellationToken);
            }

            Dashboard = new Uri(new Uri(_runtime.Urls.First()), "/dashboard");
            console.MarkupLineInterpolated($"[bold]feedback run[/]: the whole loop on {Describe()}");
            console.MarkupLineInterpolated($"  dashboard (live while the run lasts): [link]{Dashboard}[/]");
            console.MarkupLineInterpolated($"  work folder: {settings.Work.FullName}");
            console.WriteLine();
            OnServing?.Invoke(Dashboard);

            LoopOutcome? outcome = null;
            StageFailedException? failure = null;
            await console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    try
                    {
                        outcome = await DriveAsync(progress, cancellationToken);
                    }
                    catch (StageFailedException e)
                    {
                        failure = e;
                    }
                });

            if (!console.Profile.Capabilities.Interactive)
            {
                // Without a live display the bars above show only milestones: list what each stage did.
                foreach (string done in _finished)
                {
                    console.MarkupLineInterpolated($"  done: {done}");
                }
            }

            if (failure is not null)
            {
                console.MarkupLineInterpolated($"[red bold]The loop did not complete.[/] Stage [bold]{failure.Stage}[/] failed: {failure.Reason}");
                return 1;
            }

            await WriteSummaryAsync(outcome!, clock.Elapsed, cancellationToken);
            if (Serve)
            {
                console.MarkupLineInterpolated($"Serving the dashboard at [link]{Dashboard}[/] until Ctrl+C.");
                if (Setting("Api:ApiKey") is not { Length: > 0 })
                {
                    // Made for this run and shown once, so the routes that need a key can be called while it serves.
                    console.MarkupLineInterpolated($"API key of this host (x-functions-key): {ApiKey}");
                }

                await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            return 0;
        }
        finally
        {
            if (_runtime is not null)
            {
                await _runtime.StopAsync(CancellationToken.None);
                await _runtime.DisposeAsync();
            }

            if (emulator is not null)
            {
                await emulator.StopAsync(CancellationToken.None);
                await emulator.DisposeAsync();
            }
        }
    }

    /// <summary>A setting from the run's extra configuration (<c>--Key=value</c>), else the environment (<c>Key__Sub</c>).</summary>
    private string? Setting(string key)
    {
        string prefix = $"--{key}=";
        string? given = settings.Configuration.LastOrDefault(a => a.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return given is not null ? given[prefix.Length..] : Environment.GetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal));
    }

    private string Describe() =>
        (settings.Backend == "azure-storage" ? "the Azure Storage durable backend" : "the in-memory durable backend") + ", " +
        (settings.S3ServiceUrl is null ? "the filesystem store" : $"S3 at {settings.S3ServiceUrl}") +
        ", SQLite metrics and the Anyscale emulator in process";

    private List<string> RuntimeArguments(string emulatorUrl)
    {
        string store = Path.Combine(settings.Work.FullName, "store");
        string runId = _time.GetUtcNow().ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            $"--urls=http://127.0.0.1:{settings.Port}",
            $"--Api:ApiKey={ApiKey}",
            $"--ObjectStore:Root={store}",
            $"--Metrics:SqlitePath={Path.Combine(settings.Work.FullName, "metrics.db")}",
            $"--Anyscale:BaseUrl={emulatorUrl}",
            $"--Anyscale:Token={_platformToken}",
            "--Anyscale:ProjectId=prj_feedback",
            $"--Anyscale:FineTuneBuildId={Feedback.Emulator.EmulatorDefaults.FineTuneBuildId}",
            $"--Anyscale:FineTuneComputeConfigId={Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId}",
            $"--Anyscale:ServingBuildId={Feedback.Emulator.EmulatorDefaults.ServingBuildId}",
            $"--Anyscale:ServingComputeConfigId={Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId}",
            "--Triggers:Schedule:Orchestration=",
            "--Triggers:Blob:PollingInterval=00:00:01",
            "--Triggers:Blob:SettlePolls=1",
            $"--Triggers:Queue:Orchestration={nameof(ModelUpdateOrchestration)}",
            "--Triggers:Queue:PollingInterval=00:00:00.500",
            "--ModelUpdate:FirstPoll=00:00:01",
            "--ModelUpdate:MaxPoll=00:00:02",
            "--ModelUpdate:DeployGracePeriod=00:05:00",
            "--Logging:LogLevel:Default=Error",
        };
        if (settings.Backend == "azure-storage")
        {
            args.Add("--Durable:Backend=AzureStorage");
            args.Add($"--Durable:ConnectionString={settings.StorageConnection}");
            args.Add($"--Durable:TaskHubName=FeedbackRun{runId}");
            args.Add("--Durable:MaxQueuePollingInterval=00:00:00.500");
        }
        else
        {
            args.Add("--Durable:Backend=InMemory");
        }

        if (settings.S3ServiceUrl is not null)
        {
            args.Add("--ObjectStore:Kind=S3");
            args.Add($"--ObjectStore:ServiceUrl={settings.S3ServiceUrl}");
            args.Add($"--ObjectStore:Bucket=feedback-run-{runId}");
            args.Add("--ObjectStore:ForcePathStyle=true");
            args.Add("--ObjectStore:UseChunkEncoding=false");
        }

        args.AddRange(settings.Configuration);
        return args;
    }

    private async Task<LoopOutcome> DriveAsync(ProgressContext progress, CancellationToken cancellationToken)
    {
        IObjectStore objects = _runtime!.Services.GetRequiredService<IObjectStore>();
        ProgressTask intake = progress.AddTask("notebook · curated 100 through the intake API", autoStart: false);
        ProgressTask firstVersion = progress.AddTask("notebook · first dataset version", autoStart: false);
        ProgressTask notebook = progress.AddTask("notebook · baseline, fine-tune, deploy, evaluate", autoStart: false);
        ProgressTask exports = progress.AddTask("loop · source exports land, data update", autoStart: false);
        ProgressTask loop = progress.AddTask("loop · model update: fine-tune, canary, rollout", autoStart: false);
        ProgressTask later = progress.AddTask("loop · a later export, below the gate", autoStart: false);

        // The notebook flow.
        intake.StartTask();
        await CopyAsync(objects, "test/test.jsonl", "reference/test.jsonl", cancellationToken);
        DateTimeOffset since = _time.GetUtcNow().AddSeconds(-1);
        FeedbackAccepted accepted = await PostCuratedAsync(cancellationToken);
        Finish(intake, $"notebook · curated {accepted.Accepted} stored as {accepted.Key}");

        firstVersion.StartTask();
        DataUpdateResult v1 = await WaitForDataUpdateAsync(firstVersion, "notebook · first dataset version", since, cancellationToken);
        ModelUpdateResult gated = await WaitForModelUpdateAsync(firstVersion, "notebook · first dataset version", v1.DatasetVersion!, cancellationToken);
        Finish(firstVersion, $"notebook · version {Short(v1.DatasetVersion)}: {v1.TotalLabelledRecords} labelled; gate: {WireNames.Of(gated.Outcome)}");

        notebook.StartTask();
        string notebookId = $"{nameof(ModelUpdateOrchestration)}-notebook-{v1.DatasetVersion}";
        await _client!.ScheduleNewOrchestrationInstanceAsync(
            nameof(ModelUpdateOrchestration),
            new DataTransformedEvent(v1.DatasetVersion!, v1.NewLabelledRecords, v1.TotalLabelledRecords, Force: true),
            new StartOrchestrationOptions(notebookId),
            cancellationToken);
        ModelUpdateResult first = await WaitForInstanceAsync<ModelUpdateResult>(notebook, "notebook · baseline, fine-tune, deploy, evaluate", notebookId, cancellationToken);
        if (first.Rollout is null)
        {
            throw new StageFailedException("notebook", $"the model update ended '{WireNames.Of(first.Outcome)}' without a rollout: {first.Reason}");
        }

        Finish(notebook, $"notebook · {WireNames.Of(first.Rollout.Outcome)}: {first.FineTune!.ModelId} (exact {first.Rollout.Score.Challenger.ExactMatch:P1} vs base {first.Rollout.Score.Champion.ExactMatch:P1})");

        // The automatic loop.
        exports.StartTask();
        since = _time.GetUtcNow().AddSeconds(-1);
        foreach (string export in new[] { "sources/discord/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl", "sources/discord/2026-11-02.jsonl" })
        {
            await CopyAsync(objects, export, export, cancellationToken);
        }

        DataUpdateResult v2 = await WaitForDataUpdateAsync(exports, "loop · source exports land, data update", since, cancellationToken);
        Finish(exports, $"loop · version {Short(v2.DatasetVersion)}: +{v2.NewLabelledRecords} labelled ({v2.TotalLabelledRecords} in all); {v2.Structuring?.Reason ?? v2.StructuringError ?? "not structured"}");

        loop.StartTask();
        ModelUpdateResult grown = await WaitForModelUpdateAsync(loop, "loop · model update: fine-tune, canary, rollout", v2.DatasetVersion!, cancellationToken);
        if (grown.Rollout is null)
        {
            throw new StageFailedException("loop", $"the model update for {v2.DatasetVersion} ended '{WireNames.Of(grown.Outcome)}' without a rollout: {grown.Reason}");
        }

        Finish(loop, $"loop · {WireNames.Of(grown.Rollout.Outcome)}: {grown.FineTune!.ModelId} (exact {grown.Rollout.Score.Challenger.ExactMatch:P1} vs champion {grown.Rollout.Score.Champion.ExactMatch:P1})");

        later.StartTask();
        since = _time.GetUtcNow().AddSeconds(-1);
        await CopyAsync(objects, "arrivals/discord/2026-11-08.jsonl", "sources/discord/2026-11-08.jsonl", cancellationToken);
        DataUpdateResult v3 = await WaitForDataUpdateAsync(later, "loop · a later export, below the gate", since, cancellationToken);
        ModelUpdateResult last = await WaitForModelUpdateAsync(later, "loop · a later export, below the gate", v3.DatasetVersion!, cancellationToken);
        Finish(later, $"loop · version {Short(v3.DatasetVersion)}: +{v3.NewLabelledRecords} labelled; gate: {WireNames.Of(last.Outcome)}");

        long structured = (v2.Structuring?.Summary?.Records ?? 0) + (v3.Structuring?.Summary?.Records ?? 0);
        return new LoopOutcome(first.Rollout.Score.Champion, first.Rollout.Score.Challenger, grown.Rollout.Score.Challenger,
            first, grown, last, [v1.DatasetVersion!, v2.DatasetVersion!, v3.DatasetVersion!], structured);
    }

    private async Task<FeedbackAccepted> PostCuratedAsync(CancellationToken cancellationToken)
    {
        var items = new JsonArray();
        foreach (string line in await File.ReadAllLinesAsync(Path.Combine(settings.Data.FullName, "curated", "train-100.jsonl"), cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                items.Add(JsonNode.Parse(line));
            }
        }

        using var http = new HttpClient { BaseAddress = new Uri(_runtime!.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = JsonContent.Create(items) };
        request.Headers.Add("x-functions-key", ApiKey);
        request.Headers.Add(FeedbackApi.IdempotencyHeader, "notebook-curated-100");
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new StageFailedException("intake", $"POST /api/feedback answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return (await response.Content.ReadFromJsonAsync<FeedbackAccepted>(PipelineJson.Options, cancellationToken))!;
    }

    private async Task<DataUpdateResult> WaitForDataUpdateAsync(ProgressTask task, string label, DateTimeOffset since, CancellationToken cancellationToken)
    {
        DataUpdateResult result = await WaitForAsync<DataUpdateResult>(task, label, m =>
            m.InstanceId == DataUpdateOrchestration.SingletonInstanceId && m.CreatedAt >= since, cancellationToken);
        if (result.Outcome != DataUpdateOutcome.NewVersion)
        {
            throw new StageFailedException(label, $"the data update ended '{WireNames.Of(result.Outcome)}', not with a new version");
        }

        return result;
    }

    private Task<ModelUpdateResult> WaitForModelUpdateAsync(ProgressTask task, string label, string version, CancellationToken cancellationToken) =>
        WaitForAsync<ModelUpdateResult>(task, label, m =>
            m.Name == nameof(ModelUpdateOrchestration) && m.InstanceId.StartsWith($"{nameof(ModelUpdateOrchestration)}-dataset-", StringComparison.Ordinal)
            && m.SerializedInput is { } input && JsonSerializer.Deserialize<DataTransformedEvent>(input, PipelineJson.Options)?.DatasetVersion == version,
            cancellationToken);

    private Task<T> WaitForInstanceAsync<T>(ProgressTask task, string label, string instanceId, CancellationToken cancellationToken) =>
        WaitForAsync<T>(task, label, m => m.InstanceId == instanceId, cancellationToken);

    /// <summary>Watches the instances until one matching <paramref name="match"/> completes, showing its custom status (and its sub-orchestrations').</summary>
    private async Task<T> WaitForAsync<T>(ProgressTask task, string label, Func<OrchestrationMetadata, bool> match, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StageTimeout);
        try
        {
            while (true)
            {
                var all = new List<OrchestrationMetadata>();
                await foreach (OrchestrationMetadata m in _client!.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true, PageSize = 500 }).WithCancellation(timeout.Token))
                {
                    all.Add(m);
                }

                OrchestrationMetadata? found = all.Where(match).OrderByDescending(m => m.CreatedAt).FirstOrDefault();
                if (found is not null)
                {
                    switch (found.RuntimeStatus)
                    {
                        case OrchestrationRuntimeStatus.Completed:
                            return found.ReadOutputAs<T>() ?? throw new StageFailedException(label, $"{found.InstanceId} completed without an output");
                        case OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated:
                            throw new StageFailedException(label, $"{found.Name} {found.InstanceId} {found.RuntimeStatus}: {found.FailureDetails?.ErrorMessage ?? found.SerializedOutput}");
                    }

                    OrchestrationMetadata? child = all.Where(m => m.InstanceId.StartsWith(found.InstanceId + "-", StringComparison.Ordinal) && !m.IsCompleted)
                        .OrderByDescending(m => m.CreatedAt).FirstOrDefault();
                    string status = Status(found) + (child is null ? string.Empty : $" › {Status(child)}");
                    task.Description = Markup.Escape($"{label} · {status}");
                    task.Value = Math.Min(task.Value + ((90 - task.Value) * 0.05), 90);
                }
                else
                {
                    task.Description = Markup.Escape($"{label} · waiting for the trigger");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(400), timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StageFailedException(label, $"not done after {StageTimeout.TotalMinutes} minutes");
        }
    }

    private static string Status(OrchestrationMetadata m)
    {
        string name = m.Name.Replace("Orchestration", string.Empty, StringComparison.Ordinal);
        if (m.SerializedCustomStatus is not { Length: > 0 } raw)
        {
            return name;
        }

        JsonNode? node = JsonNode.Parse(raw);
        string text = node switch
        {
            JsonValue v => v.ToString(),
            JsonObject o => string.Join(" ", o.Select(p => p.Value is JsonValue value ? value.ToString() : null).Where(s => !string.IsNullOrEmpty(s)).Take(4)),
            _ => raw,
        };
        return $"{name}: {text}";
    }

    private readonly List<string> _finished = [];

    private void Finish(ProgressTask task, string description)
    {
        _finished.Add(description);
        task.Description = Markup.Escape(description);
        task.Value = task.MaxValue;
        task.StopTask();
    }

    private async Task CopyAsync(IObjectStore objects, string relative, string key, CancellationToken cancellationToken)
    {
        await using FileStream file = File.OpenRead(Path.Combine(settings.Data.FullName, relative));
        await objects.WriteAsync(key, file, cancellationToken);
    }

    private static string Short(string? version) => version is null ? "-" : version.Length > 12 ? version[..12] : version;

    private async Task WriteSummaryAsync(LoopOutcome outcome, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        RolloutResult rollout = outcome.Loop.Rollout!;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]The loop[/]")
            .AddColumn("model").AddColumn("id").AddColumn(new TableColumn("exact match").RightAligned())
            .AddColumn(new TableColumn("act accuracy").RightAligned()).AddColumn(new TableColumn("slot F1").RightAligned());
        void Row(string role, string id, ModelMetrics m) =>
            table.AddRow(Markup.Escape(role), Markup.Escape(id), $"{m.ExactMatch:0.000}", $"{m.ActAccuracy:0.000}", $"{m.SlotF1:0.000}");
        Row("baseline (base model)", _runtime!.Services.GetRequiredService<IOptions<ModelUpdateOptions>>().Value.BaseModelId, outcome.Baseline);
        Row("champion (curated 100)", outcome.Notebook.FineTune!.ModelId, outcome.Champion);
        Row("challenger (grown dataset)", outcome.Loop.FineTune!.ModelId, outcome.Challenger);
        console.WriteLine();
        console.Write(table);

        ModelRegistryDocument registry = await _runtime!.Services.GetRequiredService<ModelRegistry>().ReadAsync(cancellationToken);
        IObjectStore objects = _runtime.Services.GetRequiredService<IObjectStore>();
        console.MarkupLineInterpolated($"decision: [bold]{WireNames.Of(rollout.Outcome)}[/] (exact-match difference {rollout.Score.Difference:+0.000;-0.000}, McNemar p = {rollout.Score.PValue:G3}, 95% CI [[{rollout.Score.ConfidenceLow:0.000}, {rollout.Score.ConfidenceHigh:0.000}]])");
        foreach (string reason in rollout.Score.Reasons)
        {
            console.MarkupLineInterpolated($"  - {reason}");
        }

        console.MarkupLineInterpolated($"champion now: [bold]{registry.Champion ?? "none"}[/]");
        console.MarkupLineInterpolated($"later export: {outcome.Later.Reason}");
        console.MarkupLineInterpolated($"structured by the champion: {outcome.Structured} unlabelled records");
        console.MarkupLineInterpolated($"report: {objects.Locate(rollout.ReportKey)}");
        console.MarkupLineInterpolated($"notebook report: {objects.Locate(outcome.Notebook.Rollout!.ReportKey)}");
        console.MarkupLineInterpolated($"data: {objects.Locate(DataLayout.DatasetFile(outcome.Versions[^1], "manifest.json"))} (versions {string.Join(" → ", outcome.Versions.Select(Short))})");
        console.MarkupLineInterpolated($"structured feedback: {objects.Locate(Pipeline.Structuring.StructuredLayout.Summary(outcome.Versions[^1]))}");
        console.MarkupLineInterpolated($"dashboard: {Dashboard} ({(Serve ? "serving" : "served while the run lasted; add --serve to keep it up")})");
        console.MarkupLineInterpolated($"[green bold]loop completed[/] in {elapsed.TotalSeconds:0} s");
    }
}
