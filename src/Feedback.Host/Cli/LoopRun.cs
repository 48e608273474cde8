using System.Diagnostics;
using System.Security.Cryptography;
using Feedback.Emulator;
using Feedback.Host.Hosting;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask.Client;
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

            var presenter = new LoopPresenter(console) { Corpus = settings.Corpus };
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
                        var scenario = new LoopScenario(settings, _runtime, _client, ApiKey, new LoopWatcher(_client, StageTimeout), presenter, _time);
                        outcome = await scenario.RunAsync(progress, cancellationToken);
                    }
                    catch (StageFailedException e)
                    {
                        failure = e;
                    }
                });

            if (!console.Profile.Capabilities.Interactive)
            {
                // Without a live display the bars above show only milestones: list what each stage did.
                foreach (string done in presenter.Finished)
                {
                    console.MarkupLineInterpolated($"  done: {done}");
                }
            }

            if (failure is not null)
            {
                console.MarkupLineInterpolated($"[red bold]The loop did not complete.[/] Stage [bold]{failure.Stage}[/] failed: {failure.Reason}");
                return 1;
            }

            await presenter.WriteSummaryAsync(outcome!, clock.Elapsed, _runtime.Services, Dashboard, Serve, cancellationToken);
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
}
