using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Feedback.Host.Cli;

/// <summary>What the run shows: the stages as they finish (a live bar, or a list without a live display) and the summary.</summary>
/// <param name="console">Where it goes.</param>
internal sealed class LoopPresenter(IAnsiConsole console)
{
    private readonly List<string> _finished = [];

    /// <summary>The stages' closing lines, in order.</summary>
    public IReadOnlyList<string> Finished => _finished;

    /// <summary>Marks a stage done with its closing line.</summary>
    public void Finish(ProgressTask task, string description)
    {
        _finished.Add(description);
        task.Description = Markup.Escape(description);
        task.Value = task.MaxValue;
        task.StopTask();
    }

    /// <summary>What the data is (the generated data or the real ViGGO corpus), for the summary's title.</summary>
    public string Corpus { get; init; } = "generated";

    /// <summary>A dataset version's first 12 characters.</summary>
    public static string Short(string? version) => version is null ? "-" : version.Length > 12 ? version[..12] : version;

    /// <summary>Prints the summary: the three models' figures, the decision and its reasons, and where everything is.</summary>
    public async Task WriteSummaryAsync(LoopOutcome outcome, TimeSpan elapsed, IServiceProvider runtime, Uri? dashboard, bool serving, CancellationToken cancellationToken)
    {
        RolloutResult rollout = outcome.Loop.Rollout!;
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]The loop, on {Markup.Escape(Corpus)} data[/]")
            .AddColumn("model").AddColumn("id").AddColumn(new TableColumn("exact match").RightAligned())
            .AddColumn(new TableColumn("act accuracy").RightAligned()).AddColumn(new TableColumn("slot F1").RightAligned());
        void Row(string role, string id, ModelMetrics m) =>
            table.AddRow(Markup.Escape(role), Markup.Escape(id), $"{m.ExactMatch:0.000}", $"{m.ActAccuracy:0.000}", $"{m.SlotF1:0.000}");
        Row("baseline (base model)", runtime.GetRequiredService<IOptions<ModelUpdateOptions>>().Value.BaseModelId, outcome.Baseline);
        Row("champion (curated 100)", outcome.Notebook.FineTune!.ModelId, outcome.Champion);
        Row("challenger (grown dataset)", outcome.Loop.FineTune!.ModelId, outcome.Challenger);
        console.WriteLine();
        console.Write(table);

        ModelRegistryDocument registry = await runtime.GetRequiredService<ModelRegistry>().ReadAsync(cancellationToken);
        IObjectStore objects = runtime.GetRequiredService<IObjectStore>();
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
        console.MarkupLineInterpolated($"data: {objects.Locate(StoreLayout.DatasetFile(outcome.Versions[^1], "manifest.json"))} (versions {string.Join(" → ", outcome.Versions.Select(Short))})");
        console.MarkupLineInterpolated($"structured feedback: {objects.Locate(StoreLayout.StructuredSummary(outcome.Versions[^1]))}");
        console.MarkupLineInterpolated($"dashboard: {dashboard} ({(serving ? "serving" : "served while the run lasted; add --serve to keep it up")})");
        console.MarkupLineInterpolated($"[green bold]loop completed[/] in {elapsed.TotalSeconds:0} s");
    }
}
