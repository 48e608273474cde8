using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;

namespace Feedback.Testing;

/// <summary>
/// Fine-tunes and deploys models on the emulator through the product's own path: the dataset version's job package
/// (<see cref="IFineTuneJobs.PrepareAsync"/>), the client's job submission, the adapter's publication and the
/// service applies, for tests that start from a trained model.
/// </summary>
internal static class TestModels
{
    /// <summary>The base model.</summary>
    public const string BaseModel = "mistralai/Mistral-7B-Instruct-v0.1";

    /// <summary>Writes dataset version <paramref name="version"/> from labelled files, fine-tunes it and waits for SUCCESS; returns the model id.</summary>
    public static async Task<string> TrainAsync(IObjectStore store, IFineTuneJobs jobs, IComputePlatform platform, string version, params string[] files)
    {
        await TestDatasets.WriteVersionAsync(store, version, null, 0, files);
        FineTuneRequest request = await PrepareAsync(jobs, version);
        ComputeJob job = await WaitForJobAsync(platform, (await platform.SubmitJobAsync(Submission(request))).Id);
        return job.Phase == JobPhase.Succeeded ? request.ModelId : throw new InvalidOperationException($"the fine-tune of {version} ended {job.State}: {job.Error}");
    }

    /// <summary>The job package of an existing dataset version.</summary>
    public static Task<FineTuneRequest> PrepareAsync(IFineTuneJobs jobs, string version) => jobs.PrepareAsync(version, FineTunePolicy.Default);

    /// <summary>The first attempt's job of a fine-tune.</summary>
    public static JobSubmission Submission(FineTuneRequest request, string? name = null) =>
        new(name ?? $"{request.JobName}-a1", request.Entrypoint, request.WorkingDirectory, request.EnvironmentVariables);

    /// <summary>Polls a job until it has finished.</summary>
    public static async Task<ComputeJob> WaitForJobAsync(IComputePlatform platform, string id, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            ComputeJob job = await platform.GetJobAsync(id, cts.Token);
            if (job.Phase is JobPhase.Succeeded or JobPhase.Failed) return job;
            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>Creates the service with <paramref name="modelId"/> (published first when fine-tuned) as its primary and waits until it runs.</summary>
    public static async Task<ServiceInfo> DeployPrimaryAsync(IFineTuneJobs jobs, IComputePlatform platform, string service, string modelId)
    {
        ServedModel served = ServingVersions.AdapterOf(modelId) is null ? jobs.Describe(modelId) : await jobs.PublishAsync(modelId);
        ServiceInfo created = await platform.ApplyServiceAsync(new ServiceSpec(service, served));
        return await WaitForServiceAsync(platform, created.Id, s => s.State == ServicePhase.Running);
    }

    /// <summary>Publishes <paramref name="modelId"/>, deploys it on the running service's canary at 0% and waits until that version runs.</summary>
    public static async Task<ServiceInfo> DeployCanaryAsync(IFineTuneJobs jobs, IComputePlatform platform, string service, string modelId)
    {
        ServedModel served = await jobs.PublishAsync(modelId);
        ServiceInfo applied = await platform.ApplyServiceAsync(new ServiceSpec(service, served, CanaryPercent: 0));
        return await WaitForServiceAsync(platform, applied.Id, s => s.Canary is { State: ServicePhase.Running } c && c.Version == served.Version);
    }

    /// <summary>Polls a service until <paramref name="done"/>.</summary>
    public static async Task<ServiceInfo> WaitForServiceAsync(IComputePlatform platform, string serviceId, Func<ServiceInfo, bool> done, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            ServiceInfo service = await platform.GetServiceAsync(serviceId, cts.Token);
            if (done(service)) return service;
            await Task.Delay(50, cts.Token);
        }
    }
}
