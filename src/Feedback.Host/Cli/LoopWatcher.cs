using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace Feedback.Host.Cli;

/// <summary>
/// Follows the run's own instances (queried by instance-id prefix: the instance and its sub-orchestrations) until the
/// one awaited completes, showing its custom status and its running child's on a progress bar.
/// </summary>
/// <param name="client">The durable client.</param>
/// <param name="stageTimeout">How long one stage may take.</param>
internal sealed class LoopWatcher(DurableTaskClient client, TimeSpan stageTimeout)
{
    /// <summary>Waits for the next data update started after <paramref name="since"/>; fails the stage unless it made a new version.</summary>
    public async Task<DataUpdateResult> DataUpdateAsync(ProgressTask task, string label, DateTimeOffset since, CancellationToken cancellationToken)
    {
        DataUpdateResult result = await InstanceAsync<DataUpdateResult>(task, label, DataUpdateOrchestration.SingletonInstanceId, m => m.CreatedAt >= since, cancellationToken);
        if (result.Outcome != DataUpdateOutcome.NewVersion)
        {
            throw new StageFailedException(label, $"the data update ended '{WireNames.Of(result.Outcome)}', not with a new version");
        }

        return result;
    }

    /// <summary>Waits for the model update the <c>data-transformed</c> event of <paramref name="version"/> started.</summary>
    public Task<ModelUpdateResult> ModelUpdateAsync(ProgressTask task, string label, string version, CancellationToken cancellationToken) =>
        InstanceAsync<ModelUpdateResult>(task, label, Pipeline.Triggers.TriggerStarts.DatasetInstanceId(nameof(ModelUpdateOrchestration), version), _ => true, cancellationToken);

    /// <summary>Waits until the instance <paramref name="instanceId"/> (matching <paramref name="match"/>) completes; returns its output.</summary>
    public async Task<T> InstanceAsync<T>(ProgressTask task, string label, string instanceId, Func<OrchestrationMetadata, bool> match, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(stageTimeout);
        try
        {
            while (true)
            {
                var own = new List<OrchestrationMetadata>();
                await foreach (OrchestrationMetadata m in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = instanceId, FetchInputsAndOutputs = true, PageSize = 100 }).WithCancellation(timeout.Token))
                {
                    own.Add(m);
                }

                OrchestrationMetadata? found = own.FirstOrDefault(m => m.InstanceId == instanceId && match(m));
                if (found is not null)
                {
                    switch (found.RuntimeStatus)
                    {
                        case OrchestrationRuntimeStatus.Completed:
                            return found.ReadOutputAs<T>() ?? throw new StageFailedException(label, $"{found.InstanceId} completed without an output");
                        case OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated:
                            throw new StageFailedException(label, $"{found.Name} {found.InstanceId} {found.RuntimeStatus}: {found.FailureDetails?.ErrorMessage ?? found.SerializedOutput}");
                    }

                    OrchestrationMetadata? child = own.Where(m => m.InstanceId.StartsWith(found.InstanceId + "-", StringComparison.Ordinal) && !m.IsCompleted)
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
            throw new StageFailedException(label, $"not done after {stageTimeout.TotalMinutes} minutes");
        }
    }

    private static string Status(OrchestrationMetadata m)
    {
        string name = m.Name.Replace("Orchestration", string.Empty, StringComparison.Ordinal);
        return m.ReadCustomStatusAs<Feedback.Pipeline.Progress>() is { } progress ? $"{name}: {progress}" : name;
    }
}
