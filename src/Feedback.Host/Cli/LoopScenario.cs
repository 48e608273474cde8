using System.Text.Json.Nodes;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Intake;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace Feedback.Host.Cli;

/// <summary>
/// The stages of <c>feedback run</c>: the notebook flow (the curated set through the intake API, a first dataset
/// version gated, a fine-tune forced past the gate, evaluated against the base model and promoted), the automatic loop
/// (the exports land; the data update, structuring and the model update follow from the triggers) and a later export
/// that stays below the gate.
/// </summary>
/// <param name="settings">Where the data is.</param>
/// <param name="runtime">The running host.</param>
/// <param name="client">The durable client.</param>
/// <param name="apiKey">The host's API key, for the run's own intake call.</param>
/// <param name="watcher">Follows the run's instances.</param>
/// <param name="presenter">Shows what finished.</param>
/// <param name="time">The clock.</param>
internal sealed class LoopScenario(
    LoopSettings settings, Microsoft.AspNetCore.Builder.WebApplication runtime, DurableTaskClient client, string apiKey, LoopWatcher watcher, LoopPresenter presenter, TimeProvider time)
{
    /// <summary>Runs the stages one after the other, each on its own progress bar; a stage that fails throws <see cref="StageFailedException"/>.</summary>
    public async Task<LoopOutcome> RunAsync(ProgressContext progress, CancellationToken cancellationToken)
    {
        IObjectStore objects = runtime.Services.GetRequiredService<IObjectStore>();
        ProgressTask intake = progress.AddTask("notebook · curated 100 through the intake API", autoStart: false);
        ProgressTask firstVersion = progress.AddTask("notebook · first dataset version", autoStart: false);
        ProgressTask notebook = progress.AddTask("notebook · baseline, fine-tune, deploy, evaluate", autoStart: false);
        ProgressTask exports = progress.AddTask("loop · source exports land, data update", autoStart: false);
        ProgressTask loop = progress.AddTask("loop · model update: fine-tune, canary, rollout", autoStart: false);
        ProgressTask later = progress.AddTask("loop · a later export, below the gate", autoStart: false);

        // The notebook flow.
        intake.StartTask();
        await CopyAsync(objects, "test/test.jsonl", "reference/test.jsonl", cancellationToken);
        DateTimeOffset since = time.GetUtcNow().AddSeconds(-1);
        FeedbackAccepted accepted = await PostCuratedAsync(cancellationToken);
        presenter.Finish(intake, $"notebook · curated {accepted.Accepted} stored as {accepted.Key}");

        firstVersion.StartTask();
        DataUpdateResult v1 = await watcher.DataUpdateAsync(firstVersion, "notebook · first dataset version", since, cancellationToken);
        ModelUpdateResult gated = await watcher.ModelUpdateAsync(firstVersion, "notebook · first dataset version", v1.DatasetVersion!, cancellationToken);
        presenter.Finish(firstVersion, $"notebook · version {LoopPresenter.Short(v1.DatasetVersion)}: {v1.TotalLabelledRecords} labelled; gate: {WireNames.Of(gated.Outcome)}");

        notebook.StartTask();
        string notebookId = $"{nameof(ModelUpdateOrchestration)}-notebook-{v1.DatasetVersion}";
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ModelUpdateOrchestration),
            new DataTransformedEvent(v1.DatasetVersion!, v1.NewLabelledRecords, v1.TotalLabelledRecords, Force: true),
            new StartOrchestrationOptions(notebookId),
            cancellationToken);
        ModelUpdateResult first = await watcher.InstanceAsync<ModelUpdateResult>(notebook, "notebook · baseline, fine-tune, deploy, evaluate", notebookId, _ => true, cancellationToken);
        if (first.Rollout is null)
        {
            throw new StageFailedException("notebook", $"the model update ended '{WireNames.Of(first.Outcome)}' without a rollout: {first.Reason}");
        }

        presenter.Finish(notebook, $"notebook · {WireNames.Of(first.Rollout.Outcome)}: {first.FineTune!.ModelId} (exact {first.Rollout.Score.Challenger.ExactMatch:P1} vs base {first.Rollout.Score.Champion.ExactMatch:P1})");

        // The automatic loop.
        exports.StartTask();
        since = time.GetUtcNow().AddSeconds(-1);
        foreach (string export in settings.EffectiveExports)
        {
            await CopyAsync(objects, export, export, cancellationToken);
        }

        DataUpdateResult v2 = await watcher.DataUpdateAsync(exports, "loop · source exports land, data update", since, cancellationToken);
        presenter.Finish(exports, $"loop · version {LoopPresenter.Short(v2.DatasetVersion)}: +{v2.NewLabelledRecords} labelled ({v2.TotalLabelledRecords} in all); {v2.Structuring?.Reason ?? v2.StructuringError ?? "not structured"}");

        loop.StartTask();
        ModelUpdateResult grown = await watcher.ModelUpdateAsync(loop, "loop · model update: fine-tune, canary, rollout", v2.DatasetVersion!, cancellationToken);
        if (grown.Rollout is null)
        {
            throw new StageFailedException("loop", $"the model update for {v2.DatasetVersion} ended '{WireNames.Of(grown.Outcome)}' without a rollout: {grown.Reason}");
        }

        presenter.Finish(loop, $"loop · {WireNames.Of(grown.Rollout.Outcome)}: {grown.FineTune!.ModelId} (exact {grown.Rollout.Score.Challenger.ExactMatch:P1} vs champion {grown.Rollout.Score.Champion.ExactMatch:P1})");

        later.StartTask();
        since = time.GetUtcNow().AddSeconds(-1);
        await CopyAsync(objects, settings.EffectiveLaterExport.File, settings.EffectiveLaterExport.Key, cancellationToken);
        DataUpdateResult v3 = await watcher.DataUpdateAsync(later, "loop · a later export, below the gate", since, cancellationToken);
        ModelUpdateResult last = await watcher.ModelUpdateAsync(later, "loop · a later export, below the gate", v3.DatasetVersion!, cancellationToken);
        presenter.Finish(later, $"loop · version {LoopPresenter.Short(v3.DatasetVersion)}: +{v3.NewLabelledRecords} labelled; gate: {WireNames.Of(last.Outcome)}");

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

        using var http = new HttpClient { BaseAddress = new Uri(runtime.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = JsonContent.Create(items) };
        request.Headers.Add("x-functions-key", apiKey);
        request.Headers.Add(FeedbackIntake.IdempotencyHeader, "notebook-curated-100");
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new StageFailedException("intake", $"POST /api/feedback answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return (await response.Content.ReadFromJsonAsync<FeedbackAccepted>(PipelineJson.Options, cancellationToken))!;
    }

    private async Task CopyAsync(IObjectStore objects, string relative, string key, CancellationToken cancellationToken)
    {
        await using FileStream file = File.OpenRead(Path.Combine(settings.Data.FullName, relative));
        await objects.WriteAsync(key, file, cancellationToken);
    }
}
