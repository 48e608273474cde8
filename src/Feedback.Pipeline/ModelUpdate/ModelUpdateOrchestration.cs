using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The model update, section <c>ModelUpdate</c>. Validated at start.</summary>
public sealed class ModelUpdateOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ModelUpdate";

    /// <summary>Labelled records added since the last fine-tune that trigger a new one. Default 200.</summary>
    [Range(1, 10_000_000)]
    public int Threshold { get; set; } = 200;

    /// <summary>The service the models are deployed to. Default <c>viggo</c>.</summary>
    [Required]
    public string ServiceName { get; set; } = "viggo";

    /// <summary>The base model the primary serves before there is a champion. Default the fine-tuning base model.</summary>
    [Required]
    public string BaseModelId { get; set; } = "mistralai/Mistral-7B-Instruct-v0.1";

    /// <summary>The overall fine-tune timeout. Default 6 hours (the reference's 1 hour was shorter than its 2-hour fine-tune).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan FineTuneTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Fine-tuning jobs submitted at most per update. Default 3.</summary>
    [Range(1, 10)]
    public int FineTuneAttempts { get; set; } = 3;

    /// <summary>The first wait between polls of a job. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan FirstPoll { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between polls. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxPoll { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a new canary may take to become RUNNING (an UNHEALTHY one fails after it). Default 30 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan DeployGracePeriod { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Start the rollout when the challenger is deployed; false leaves it to a manual start. Default true.</summary>
    public bool AutoRollout { get; set; } = true;

    /// <summary>Whether rollouts wait for an approval. Default false.</summary>
    public bool RequireApproval { get; set; }

    /// <summary>
    /// How long a model update holds the lease (one fine-tune, deploy and rollout at a time) when it is never released,
    /// for example because its instance was terminated. At least the fine-tune timeout plus the deploy grace period.
    /// Default 1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "30.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstPoll > MaxPoll)
        {
            yield return new ValidationResult($"ModelUpdate:FirstPoll ({FirstPoll}) must not be longer than ModelUpdate:MaxPoll ({MaxPoll}).", [nameof(FirstPoll), nameof(MaxPoll)]);
        }

        if (LeaseDuration < FineTuneTimeout + DeployGracePeriod)
        {
            yield return new ValidationResult(
                $"ModelUpdate:LeaseDuration ({LeaseDuration}) must be at least ModelUpdate:FineTuneTimeout plus ModelUpdate:DeployGracePeriod ({FineTuneTimeout + DeployGracePeriod}).",
                [nameof(LeaseDuration)]);
        }
    }
}

/// <summary>Input of the gate.</summary>
/// <param name="DatasetVersion">The dataset version the update is about.</param>
/// <param name="Holder">The model update's instance id, which takes the lease when it proceeds.</param>
/// <param name="Force">Proceed below the threshold (never when a model already covers the version).</param>
public sealed record GateRequest(string DatasetVersion, string Holder, bool Force);

/// <summary>The gate's verdict.</summary>
/// <param name="Verdict">What to do.</param>
/// <param name="NewLabelled">Labelled records added since the last fine-tune.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="LastFineTunedVersion">The dataset version of the last fine-tune, if any.</param>
/// <param name="Reason">Why.</param>
/// <param name="Options">The options the update runs with (read once, in an activity).</param>
/// <param name="HeldBy">The lease another update holds, when the verdict is <see cref="GateVerdict.Wait"/>.</param>
public sealed record ModelUpdateGate(
    GateVerdict Verdict, long NewLabelled, int Threshold, string? LastFineTunedVersion, string Reason, ModelUpdateOptions Options, ModelUpdateLease? HeldBy = null);

/// <summary>Input of the challenger deployment.</summary>
/// <param name="ServiceName">The service.</param>
/// <param name="Challenger">The challenger, as its canary version serves it.</param>
public sealed record DeployRequest(string ServiceName, ServedModel Challenger);

/// <summary>Input of <see cref="EnsureServiceActivity"/>.</summary>
/// <param name="ServiceName">The service.</param>
/// <param name="BaseModelId">The model the primary serves when the service has to be created.</param>
public sealed record EnsureServiceRequest(string ServiceName, string BaseModelId);

/// <summary>Input of the registration of a fine-tuned model.</summary>
/// <param name="FineTune">The fine-tune.</param>
/// <param name="DatasetVersion">Its dataset version.</param>
/// <param name="At">When.</param>
public sealed record RegistrationRequest(FineTuneResult FineTune, string DatasetVersion, DateTimeOffset At);

/// <summary>The output of <see cref="ModelUpdateOrchestration"/>.</summary>
/// <param name="Outcome">
/// <c>below-threshold</c>, <c>covered</c> (a model was already fine-tuned on this version or a later one holding it),
/// <c>deployed</c> (rollout left to a manual start), <c>promoted</c> or <c>rejected</c>.
/// </param>
/// <param name="Reason">Why.</param>
/// <param name="NewLabelled">Labelled records added since the last fine-tune.</param>
/// <param name="FineTune">The fine-tune, when one ran.</param>
/// <param name="Rollout">The rollout, when one ran.</param>
public sealed record ModelUpdateResult(string Outcome, string Reason, long NewLabelled, FineTuneResult? FineTune, RolloutResult? Rollout);

/// <summary>
/// Started by the <c>data-transformed</c> event (instance id <c>ModelUpdateOrchestration-dataset-{version}</c>): counts
/// the labelled records added since the last fine-tune (from the dataset manifests and the registry, not the total),
/// ends with its reason below the threshold or when a model already covers the version, waits while another update
/// holds the lease (one fine-tune, deploy and rollout at a time), else fine-tunes on the new version (sub-orchestration), deploys the
/// challenger silently (canary at 0%, waiting until it runs), registers it, and starts the rollout.
/// </summary>
public sealed class ModelUpdateOrchestration : TaskOrchestrator<DataTransformedEvent, ModelUpdateResult>
{
    private const int MaxDeployPolls = 500;

    private const int MaxLeaseWaits = 100;

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    /// <inheritdoc />
    public override async Task<ModelUpdateResult> RunAsync(TaskOrchestrationContext context, DataTransformedEvent input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ModelUpdateResult result;
        try
        {
            result = await UpdateAsync(context, input);
        }
        catch (Exception e) when (e is TaskFailedException or TimeoutException)
        {
            // A task that failed, or a wait the orchestration gave up on (an UNHEALTHY canary past its grace period).
            (string step, string reason) = e is TaskFailedException failed ? (failed.TaskName, failed.FailureDetails.ErrorMessage) : ("deployment", e.Message);
            await context.CallActivityAsync(nameof(ReleaseModelUpdateLeaseActivity), context.InstanceId, Retry);
            await context.CallActivityAsync(nameof(NotifyActivity), new Notification(
                NotificationLevel.Alert,
                "Model update failed",
                $"The model update for dataset version {input.DatasetVersion} failed in {step}: {reason}",
                [new("Instance", context.InstanceId), new("Dataset version", input.DatasetVersion)]), Retry);
            throw;
        }

        if (result.FineTune is not null)
        {
            await context.CallActivityAsync(nameof(ReleaseModelUpdateLeaseActivity), context.InstanceId, Retry);
        }

        return result;
    }

    private static async Task<ModelUpdateResult> UpdateAsync(TaskOrchestrationContext context, DataTransformedEvent input)
    {
        context.SetCustomStatus("gate");
        ModelUpdateGate gate;
        for (int wait = 0; ; wait++)
        {
            gate = await context.CallActivityAsync<ModelUpdateGate>(
                nameof(EvaluateModelUpdateGateActivity), new GateRequest(input.DatasetVersion, context.InstanceId, input.Force), Retry);
            if (gate.Verdict != GateVerdict.Wait)
            {
                break;
            }

            if (wait == MaxLeaseWaits)
            {
                // A long wait keeps the history short: start again with the same input.
                context.ContinueAsNew(input);
                return new ModelUpdateResult("waiting", gate.Reason, gate.NewLabelled, null, null);
            }

            context.SetCustomStatus($"waiting for {gate.HeldBy?.Holder}");
            ModelUpdateOptions waiting = gate.Options;
            await context.CreateTimer(new FineTunePolicy(waiting.FineTuneTimeout, waiting.FineTuneAttempts, waiting.FirstPoll, waiting.MaxPoll).Wait(wait), CancellationToken.None);
        }

        if (gate.Verdict == GateVerdict.Covered)
        {
            context.SetCustomStatus("covered");
            return new ModelUpdateResult("covered", gate.Reason, gate.NewLabelled, null, null);
        }

        if (gate.Verdict == GateVerdict.BelowThreshold)
        {
            context.SetCustomStatus("below threshold");
            return new ModelUpdateResult("below-threshold", gate.Reason, gate.NewLabelled, null, null);
        }

        ModelUpdateOptions o = gate.Options;
        var policy = new FineTunePolicy(o.FineTuneTimeout, o.FineTuneAttempts, o.FirstPoll, o.MaxPoll);
        FineTuneRequest request = await context.CallActivityAsync<FineTuneRequest>(nameof(PrepareFineTuneActivity), new PrepareFineTune(input.DatasetVersion, policy), Retry);
        context.SetCustomStatus("fine-tuning");
        FineTuneResult fineTune = await context.CallSubOrchestratorAsync<FineTuneResult>(
            nameof(FineTuneOrchestration), new FineTuneState(request), new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-finetune" });

        context.SetCustomStatus("publishing the adapter");
        ServedModel challenger = await context.CallActivityAsync<ServedModel>(nameof(PublishAdapterActivity), fineTune.ModelId, Retry);

        // The platform ignores a canary percent when it creates or restarts a service, so the service must run
        // (with the base model, when it is new) before the challenger goes on its canary.
        context.SetCustomStatus("deploying");
        DateTime deadline = context.CurrentUtcDateTime + o.DeployGracePeriod;
        await context.CallActivityAsync<ServiceInfo>(nameof(EnsureServiceActivity), new EnsureServiceRequest(o.ServiceName, o.BaseModelId), Retry);
        await WaitForServiceAsync(context, o.ServiceName, policy, deadline, ServiceReadiness.PrimaryRunning, "the service");
        await context.CallActivityAsync<ServiceInfo>(nameof(DeployChallengerActivity), new DeployRequest(o.ServiceName, challenger), Retry);
        await WaitForServiceAsync(context, o.ServiceName, policy, deadline, s => ServiceReadiness.CanaryRunning(s, challenger.Version), $"the challenger {fineTune.ModelId}");

        await context.CallActivityAsync(nameof(RegisterFineTunedModelActivity), new RegistrationRequest(fineTune, input.DatasetVersion, context.CurrentUtcDateTime), Retry);
        if (!o.AutoRollout)
        {
            context.SetCustomStatus("deployed");
            return new ModelUpdateResult("deployed", $"{fineTune.ModelId} is on the canary at 0%; start the rollout by hand.", gate.NewLabelled, fineTune, null);
        }

        context.SetCustomStatus("rolling out");
        RolloutResult rollout = await context.CallSubOrchestratorAsync<RolloutResult>(
            nameof(RolloutOrchestration),
            new RolloutRequest(o.ServiceName, fineTune.ModelId, o.BaseModelId, input.DatasetVersion, RequireApproval: o.RequireApproval),
            new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-rollout" });
        context.SetCustomStatus(rollout.Outcome);
        return new ModelUpdateResult(rollout.Outcome, gate.Reason, gate.NewLabelled, fineTune, rollout);
    }

    /// <summary>
    /// Polls the service with durable timers until <paramref name="readiness"/> says it is ready; rolls back a canary
    /// and fails when it says the deployment failed, or when <paramref name="deadline"/> passes.
    /// </summary>
    private static async Task<ServiceInfo> WaitForServiceAsync(
        TaskOrchestrationContext context, string serviceName, FineTunePolicy policy, DateTime deadline, Func<ServiceInfo, ServiceReadiness> readiness, string what)
    {
        for (int poll = 0; poll < MaxDeployPolls; poll++)
        {
            ServiceInfo service = await context.CallActivityAsync<ServiceInfo>(nameof(GetServiceActivity), serviceName, Retry);
            ServiceReadiness ready = readiness(service);
            if (ready.Ready)
            {
                return service;
            }

            if (ready.Failure is not null || context.CurrentUtcDateTime >= deadline)
            {
                // Leave the service as it was: the primary alone, no canary that never became healthy.
                bool rolledBack = await context.CallActivityAsync<bool>(nameof(RollBackCanaryActivity), service.Id, Retry);
                string why = ready.Failure ?? $"not ready within the deploy grace period ({ready.Waiting})";
                throw new TimeoutException($"Deploying {what} on {serviceName} failed: {why}{(rolledBack ? "; its canary was rolled back" : string.Empty)}.");
            }

            TimeSpan wait = policy.Wait(poll);
            TimeSpan left = deadline - context.CurrentUtcDateTime;
            await context.CreateTimer(wait < left ? wait : left, CancellationToken.None);
        }

        throw new TimeoutException($"Deploying {what} on {serviceName} did not finish after {MaxDeployPolls} polls.");
    }
}

/// <summary>Input of <see cref="PrepareFineTuneActivity"/>.</summary>
/// <param name="DatasetVersion">The dataset version.</param>
/// <param name="Policy">The fine-tune policy.</param>
public sealed record PrepareFineTune(string DatasetVersion, FineTunePolicy Policy);

/// <summary>
/// The gate: counts the labelled records added since the last fine-tune (the manifests' <c>newLabelled</c> along the
/// parent chain from this version back to the dataset version of the newest fine-tuned model; all of them when there is
/// none), and takes the lease when there are enough. A version that the newest model was trained on, or that is an
/// ancestor of its version, is <see cref="GateVerdict.Covered"/>; while another update holds the lease the verdict is
/// <see cref="GateVerdict.Wait"/>.
/// </summary>
/// <param name="store">The object store.</param>
/// <param name="registry">The model registry.</param>
/// <param name="options">The model update options.</param>
/// <param name="time">The clock (lease times).</param>
public sealed class EvaluateModelUpdateGateActivity(IObjectStore store, ModelRegistry registry, IOptions<ModelUpdateOptions> options, TimeProvider time)
    : TaskActivity<GateRequest, ModelUpdateGate>
{
    private const int MaxRaces = 5;

    /// <inheritdoc />
    public override async Task<ModelUpdateGate> RunAsync(TaskActivityContext context, GateRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ModelUpdateOptions o = options.Value;
        for (int race = 0; ; race++)
        {
            ModelRegistryDocument document = await registry.ReadAsync();
            string? last = document.LastFineTunedVersion();
            (bool covered, long added) = await CountAsync(input.DatasetVersion, last);
            if (covered)
            {
                return new ModelUpdateGate(GateVerdict.Covered, 0, o.Threshold, last, $"A model was already fine-tuned on {last}, which holds every record of {input.DatasetVersion}; nothing submitted.", o);
            }

            string since = $"{added} labelled records since the last fine-tune ({last ?? "none"})";
            if (added < o.Threshold && !input.Force)
            {
                return new ModelUpdateGate(GateVerdict.BelowThreshold, added, o.Threshold, last, $"{since}, below the threshold of {o.Threshold}; nothing submitted.", o);
            }

            DateTimeOffset now = time.GetUtcNow();
            if (document.Lease is { } lease && lease.Holder != input.Holder && lease.IsLiveAt(now))
            {
                return new ModelUpdateGate(GateVerdict.Wait, added, o.Threshold, last, $"{since}; waiting for {lease.Holder} (dataset version {lease.DatasetVersion}) to finish.", o, lease);
            }

            try
            {
                await registry.AcquireLeaseAsync(input.Holder, input.DatasetVersion, last, now, o.LeaseDuration);
            }
            catch (RegistryConflictException) when (race < MaxRaces)
            {
                // Another update took the lease or registered a model between the read and the write: count again.
                continue;
            }

            string reason = added >= o.Threshold
                ? $"{since}, at least the threshold of {o.Threshold}."
                : $"Forced by the caller; the gate alone would not have proceeded: {since}, below the threshold of {o.Threshold}.";
            return new ModelUpdateGate(GateVerdict.Proceed, added, o.Threshold, last, reason, o);
        }
    }

    /// <summary>Whether <paramref name="version"/> is covered by <paramref name="last"/>, and the labelled records it adds since.</summary>
    private async Task<(bool Covered, long Added)> CountAsync(string version, string? last)
    {
        var chain = new List<(string Version, long NewLabelled)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? v = version;
        while (v is not null && v != last && seen.Add(v))
        {
            DatasetManifest manifest = await ReadManifestAsync(v);
            chain.Add((v, manifest.Counts.NewLabelled));
            v = manifest.ParentVersion;
        }

        if (v == last)
        {
            // The walk met the last fine-tuned version (or the root, when there is none): what it walked is new.
            return (chain.Count == 0, chain.Sum(c => c.NewLabelled));
        }

        // The walk never met the last fine-tuned version: that version descends from this one, or is on another branch.
        HashSet<string> trained = await AncestryAsync(last!);
        int shared = chain.FindIndex(c => trained.Contains(c.Version));
        return shared == 0 ? (true, 0) : (false, chain.Take(shared < 0 ? chain.Count : shared).Sum(c => c.NewLabelled));
    }

    private async Task<HashSet<string>> AncestryAsync(string version)
    {
        var ancestry = new HashSet<string>(StringComparer.Ordinal);
        for (string? v = version; v is not null && ancestry.Add(v);)
        {
            v = (await ReadManifestAsync(v)).ParentVersion;
        }

        return ancestry;
    }

    private async Task<DatasetManifest> ReadManifestAsync(string version)
    {
        await using Stream stream = await store.OpenReadAsync(DataLayout.DatasetFile(version, "manifest.json"));
        return (await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, PipelineJson.Options))!;
    }
}

/// <summary>Releases the model-update lease held by the given instance (idempotent).</summary>
/// <param name="registry">The model registry.</param>
public sealed class ReleaseModelUpdateLeaseActivity(ModelRegistry registry) : TaskActivity<string, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        ModelRegistryDocument document = await registry.ReleaseLeaseAsync(input);
        return document.Lease is null;
    }
}

/// <summary>Writes the job's configuration and describes the job.</summary>
/// <param name="jobs">The fine-tune job factory.</param>
public sealed class PrepareFineTuneActivity(IFineTuneJobs jobs) : TaskActivity<PrepareFineTune, FineTuneRequest>
{
    /// <inheritdoc />
    public override Task<FineTuneRequest> RunAsync(TaskActivityContext context, PrepareFineTune input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return jobs.PrepareAsync(input.DatasetVersion, input.Policy);
    }
}

/// <summary>
/// Creates the service with the base model as its primary when it does not exist yet, so the challenger is still
/// compared and the base model keeps answering until a decision. A service that exists is left as it is.
/// </summary>
/// <param name="platform">The compute platform.</param>
/// <param name="jobs">How models are served.</param>
public sealed class EnsureServiceActivity(IComputePlatform platform, IFineTuneJobs jobs) : TaskActivity<EnsureServiceRequest, ServiceInfo>
{
    /// <inheritdoc />
    public override async Task<ServiceInfo> RunAsync(TaskActivityContext context, EnsureServiceRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await platform.FindServiceAsync(input.ServiceName)
            ?? await platform.ApplyServiceAsync(new ServiceSpec(input.ServiceName, jobs.Describe(input.BaseModelId)));
    }
}

/// <summary>
/// Deploys the challenger silently: a new version of the running service, on its canary at 0%, labelled with the
/// challenger's version so the deploy wait can tell it is the challenger. A canary left by an earlier update is rolled
/// back first (the activity then fails and its retry deploys).
/// </summary>
/// <param name="platform">The compute platform.</param>
public sealed class DeployChallengerActivity(IComputePlatform platform) : TaskActivity<DeployRequest, ServiceInfo>
{
    /// <inheritdoc />
    public override async Task<ServiceInfo> RunAsync(TaskActivityContext context, DeployRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ServiceInfo service = await platform.FindServiceAsync(input.ServiceName)
            ?? throw new InvalidOperationException($"Service '{input.ServiceName}' does not exist.");
        if (service.Canary?.Version == input.Challenger.Version)
        {
            return service;
        }

        if (service.Canary is { } stale)
        {
            await platform.RollbackServiceAsync(service.Id);
            throw new InvalidOperationException(
                $"Service '{input.ServiceName}' still had version {stale.Version} on its canary; it was rolled back, and the challenger is deployed on the next attempt.");
        }

        if (service.State == ServiceStates.RollingBack)
        {
            throw new InvalidOperationException($"Service '{input.ServiceName}' is rolling back; the challenger is deployed on the next attempt.");
        }

        return await platform.ApplyServiceAsync(new ServiceSpec(input.ServiceName, input.Challenger, CanaryPercent: 0));
    }
}

/// <summary>Makes a fine-tuned model's adapter servable: checks the job's output is there and copies it where the service loads it.</summary>
/// <param name="jobs">The fine-tune jobs.</param>
public sealed class PublishAdapterActivity(IFineTuneJobs jobs) : TaskActivity<string, ServedModel>
{
    /// <inheritdoc />
    public override Task<ServedModel> RunAsync(TaskActivityContext context, string input) => jobs.PublishAsync(input);
}

/// <summary>Reads a service by name.</summary>
/// <param name="platform">The compute platform.</param>
public sealed class GetServiceActivity(IComputePlatform platform) : TaskActivity<string, ServiceInfo>
{
    /// <inheritdoc />
    public override async Task<ServiceInfo> RunAsync(TaskActivityContext context, string input) =>
        await platform.FindServiceAsync(input) ?? throw new InvalidOperationException($"Service '{input}' does not exist.");
}

/// <summary>Rolls back a service's canary (one that never became healthy), leaving the primary alone.</summary>
/// <param name="platform">The compute platform.</param>
public sealed class RollBackCanaryActivity(IComputePlatform platform) : TaskActivity<string, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        ServiceInfo service = await platform.GetServiceAsync(input);
        if (service.Canary is null)
        {
            return false;
        }

        await platform.RollbackServiceAsync(input);
        return true;
    }
}

/// <summary>Registers the fine-tuned model as the challenger, with its dataset version, job and compute minutes.</summary>
/// <param name="registry">The model registry.</param>
public sealed class RegisterFineTunedModelActivity(ModelRegistry registry) : TaskActivity<RegistrationRequest, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RegistrationRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await registry.RegisterChallengerAsync(new RegisteredModel(
            input.FineTune.ModelId, input.DatasetVersion, input.FineTune.JobId, "challenger", input.At, input.FineTune.ComputeMinutes));
        return true;
    }
}
