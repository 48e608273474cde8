using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The model update, section <c>ModelUpdate</c>. Validated at start.</summary>
public sealed class ModelUpdateOptions
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
}

/// <summary>The gate's verdict.</summary>
/// <param name="Proceed">Whether to fine-tune.</param>
/// <param name="NewLabelled">Labelled records added since the last fine-tune.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="LastFineTunedVersion">The dataset version of the last fine-tune, if any.</param>
/// <param name="Reason">Why.</param>
/// <param name="Options">The options the update runs with (read once, in an activity).</param>
public sealed record ModelUpdateGate(bool Proceed, long NewLabelled, int Threshold, string? LastFineTunedVersion, string Reason, ModelUpdateOptions Options);

/// <summary>Input of the challenger deployment.</summary>
/// <param name="ServiceName">The service.</param>
/// <param name="ModelId">The challenger.</param>
/// <param name="BaseModelId">The model the primary serves when the service does not exist yet.</param>
public sealed record DeployRequest(string ServiceName, string ModelId, string BaseModelId);

/// <summary>Input of the registration of a fine-tuned model.</summary>
/// <param name="FineTune">The fine-tune.</param>
/// <param name="DatasetVersion">Its dataset version.</param>
/// <param name="At">When.</param>
public sealed record RegistrationRequest(FineTuneResult FineTune, string DatasetVersion, DateTimeOffset At);

/// <summary>The output of <see cref="ModelUpdateOrchestration"/>.</summary>
/// <param name="Outcome"><c>below-threshold</c>, <c>deployed</c> (rollout left to a manual start), <c>promoted</c> or <c>rejected</c>.</param>
/// <param name="Reason">Why.</param>
/// <param name="NewLabelled">Labelled records added since the last fine-tune.</param>
/// <param name="FineTune">The fine-tune, when one ran.</param>
/// <param name="Rollout">The rollout, when one ran.</param>
public sealed record ModelUpdateResult(string Outcome, string Reason, long NewLabelled, FineTuneResult? FineTune, RolloutResult? Rollout);

/// <summary>
/// Started by the <c>data-transformed</c> event: counts the labelled records added since the last
/// fine-tune (from the dataset manifests and the registry, not the total), ends with its reason
/// below the threshold, else fine-tunes on the new version (sub-orchestration), deploys the
/// challenger silently (canary at 0%, waiting until it runs), registers it, and starts the rollout.
/// </summary>
public sealed class ModelUpdateOrchestration : TaskOrchestrator<DataTransformedEvent, ModelUpdateResult>
{
    private const int MaxDeployPolls = 500;

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    /// <inheritdoc />
    public override async Task<ModelUpdateResult> RunAsync(TaskOrchestrationContext context, DataTransformedEvent input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return await UpdateAsync(context, input);
        }
        catch (Exception e) when (e is TaskFailedException or TimeoutException)
        {
            // A task that failed, or a wait the orchestration gave up on (an UNHEALTHY canary past its grace period).
            (string step, string reason) = e is TaskFailedException failed ? (failed.TaskName, failed.FailureDetails.ErrorMessage) : ("deployment", e.Message);
            await context.CallActivityAsync(nameof(NotifyActivity), new Notification(
                NotificationLevel.Alert,
                "Model update failed",
                $"The model update for dataset version {input.DatasetVersion} failed in {step}: {reason}",
                [new("Instance", context.InstanceId), new("Dataset version", input.DatasetVersion)]), Retry);
            throw;
        }
    }

    private static async Task<ModelUpdateResult> UpdateAsync(TaskOrchestrationContext context, DataTransformedEvent input)
    {
        context.SetCustomStatus("gate");
        ModelUpdateGate gate = await context.CallActivityAsync<ModelUpdateGate>(nameof(EvaluateModelUpdateGateActivity), input.DatasetVersion, Retry);
        if (!gate.Proceed && input.Force)
        {
            gate = gate with { Proceed = true, Reason = $"Forced by the caller; the gate alone would not have proceeded: {gate.Reason}" };
        }

        if (!gate.Proceed)
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

        context.SetCustomStatus("deploying");
        await context.CallActivityAsync<ServiceInfo>(nameof(DeployChallengerActivity), new DeployRequest(o.ServiceName, fineTune.ModelId, o.BaseModelId), Retry);
        DateTime deadline = context.CurrentUtcDateTime + o.DeployGracePeriod;
        ServiceInfo? deployed = null;
        for (int poll = 0; poll < MaxDeployPolls && deployed is null; poll++)
        {
            ServiceInfo service = await context.CallActivityAsync<ServiceInfo>(nameof(GetServiceActivity), o.ServiceName, Retry);
            if (service.Canary is { State: "RUNNING" } && service.Canary.ModelId == fineTune.ModelId)
            {
                deployed = service;
                break;
            }

            if (context.CurrentUtcDateTime >= deadline)
            {
                // Leave the service as it was: the primary alone, no canary that never became healthy.
                await context.CallActivityAsync(nameof(RollBackCanaryActivity), service.Id, Retry);
                throw new TimeoutException(
                    $"The challenger {fineTune.ModelId} on {o.ServiceName} is {service.Canary?.State ?? "missing"} after the {o.DeployGracePeriod} grace period; its canary was rolled back.");
            }

            TimeSpan wait = policy.Wait(poll);
            TimeSpan left = deadline - context.CurrentUtcDateTime;
            await context.CreateTimer(wait < left ? wait : left, CancellationToken.None);
        }

        if (deployed is null)
        {
            throw new TimeoutException($"The challenger {fineTune.ModelId} on {o.ServiceName} was not running after {MaxDeployPolls} polls.");
        }

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
}

/// <summary>Input of <see cref="PrepareFineTuneActivity"/>.</summary>
/// <param name="DatasetVersion">The dataset version.</param>
/// <param name="Policy">The fine-tune policy.</param>
public sealed record PrepareFineTune(string DatasetVersion, FineTunePolicy Policy);

/// <summary>
/// Counts the labelled records added since the last fine-tune: the manifests' <c>newLabelled</c>
/// along the parent chain from this version back to the dataset version of the newest registered
/// model (all labelled records when no model is registered yet).
/// </summary>
/// <param name="store">The object store.</param>
/// <param name="registry">The model registry.</param>
/// <param name="options">The model update options.</param>
public sealed class EvaluateModelUpdateGateActivity(IObjectStore store, ModelRegistry registry, IOptions<ModelUpdateOptions> options) : TaskActivity<string, ModelUpdateGate>
{
    /// <inheritdoc />
    public override async Task<ModelUpdateGate> RunAsync(TaskActivityContext context, string input)
    {
        ModelUpdateOptions o = options.Value;
        ModelRegistryDocument document = await registry.ReadAsync();
        string? last = document.Models.LastOrDefault(m => m.DatasetVersion is not null && m.JobId is not null)?.DatasetVersion;
        long added = 0;
        string? version = input;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (version is not null && version != last && seen.Add(version))
        {
            await using Stream stream = await store.OpenReadAsync(DataLayout.DatasetFile(version, "manifest.json"));
            DatasetManifest manifest = (await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, PipelineJson.Options))!;
            added += manifest.Counts.NewLabelled;
            version = manifest.ParentVersion;
        }

        bool proceed = added >= o.Threshold;
        string reason = proceed
            ? $"{added} labelled records since the last fine-tune ({last ?? "none"}), at least the threshold of {o.Threshold}."
            : $"{added} labelled records since the last fine-tune ({last ?? "none"}), below the threshold of {o.Threshold}; nothing submitted.";
        return new ModelUpdateGate(proceed, added, o.Threshold, last, reason, o);
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
/// Deploys the challenger silently: the service's canary at 0%. A service that does not exist yet is
/// first created with the base model as its primary, so the challenger is still compared and the
/// base model keeps answering until a decision.
/// </summary>
/// <param name="platform">The compute platform.</param>
public sealed class DeployChallengerActivity(IComputePlatform platform) : TaskActivity<DeployRequest, ServiceInfo>
{
    /// <inheritdoc />
    public override async Task<ServiceInfo> RunAsync(TaskActivityContext context, DeployRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ServiceInfo? existing = await platform.FindServiceAsync(input.ServiceName);
        if (existing is { Canary.ModelId: var canary } && canary == input.ModelId)
        {
            return existing;
        }

        if (existing is null)
        {
            await platform.ApplyServiceAsync(new ServiceSpec(input.ServiceName, input.BaseModelId));
        }

        return await platform.ApplyServiceAsync(new ServiceSpec(input.ServiceName, input.ModelId, CanaryPercent: 0));
    }
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
