using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Renders the rollout report: Markdown, and a standalone HTML page with inline SVG charts (no external assets).</summary>
public static class RolloutReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The Markdown report.</summary>
    /// <param name="request">What was rolled out and the outcome.</param>
    /// <param name="scores">The stored scores (per-attribute, per-act, examples).</param>
    /// <param name="context">Lineage and cost, when known.</param>
    public static string Markdown(ReportRequest request, JsonElement scores, ReportContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        RolloutScore s = request.Score;
        var md = new StringBuilder();
        md.AppendLine(Invariant, $"# Rollout {request.InstanceId}: {WireNames.Of(request.Outcome)}");
        md.AppendLine();
        md.AppendLine(Invariant, $"- Service: `{request.Request.ServiceName}`, {request.At:u}");
        md.AppendLine(Invariant, $"- Champion: `{request.Champion}`");
        md.AppendLine(Invariant, $"- Challenger: `{request.Request.ChallengerModelId}` (dataset version `{request.Request.DatasetVersion ?? "unknown"}`)");
        if (request.Approval is { } a)
        {
            md.AppendLine(Invariant, $"- Approval: {(a.Approve ? "approved" : "rejected")} by {a.By}: {a.Reason}");
        }

        foreach (string line in ContextLines(context))
        {
            md.AppendLine(Invariant, $"- {line}");
        }

        md.AppendLine();
        md.AppendLine("| metric | champion | challenger |");
        md.AppendLine("|---|---:|---:|");
        md.AppendLine(Invariant, $"| exact match | {s.Champion.ExactMatch:F3} | {s.Challenger.ExactMatch:F3} |");
        md.AppendLine(Invariant, $"| dialogue-act accuracy | {s.Champion.ActAccuracy:F3} | {s.Challenger.ActAccuracy:F3} |");
        md.AppendLine(Invariant, $"| slot F1 | {s.Champion.SlotF1:F3} | {s.Challenger.SlotF1:F3} |");
        md.AppendLine(Invariant, $"| parse failures | {Number(scores, "champion", "parseFailures")} | {Number(scores, "challenger", "parseFailures")} |");
        md.AppendLine(Invariant, $"| test items | {s.Champion.Items} | {s.Challenger.Items} |");
        md.AppendLine();
        md.AppendLine(Invariant, $"Difference in exact match {s.Difference:+0.000;-0.000}, {Percent()} confidence interval [{s.ConfidenceLow:F3}, {s.ConfidenceHigh:F3}], exact McNemar p = {s.PValue:G3}.");
        md.AppendLine();
        md.AppendLine("Decision:");
        foreach (string reason in s.Reasons)
        {
            md.AppendLine(Invariant, $"- {reason}");
        }

        md.AppendLine();
        md.AppendLine("## Per-attribute slot F1");
        md.AppendLine();
        md.AppendLine("| attribute | champion | challenger |");
        md.AppendLine("|---|---:|---:|");
        foreach ((string name, double champion, double challenger) in PerAttribute(scores))
        {
            md.AppendLine(Invariant, $"| {name} | {champion:F3} | {challenger:F3} |");
        }

        md.AppendLine();
        md.AppendLine("## Where they differ (first examples)");
        md.AppendLine();
        foreach (JsonElement d in Differences(scores))
        {
            md.AppendLine(Invariant, $"- *{d.GetProperty("text").GetString()}*  ");
            md.AppendLine(Invariant, $"  reference `{d.GetProperty("reference").GetString()}`  ");
            md.AppendLine(Invariant, $"  champion `{d.GetProperty("champion").GetString()}`  ");
            md.AppendLine(Invariant, $"  challenger `{d.GetProperty("challenger").GetString()}`");
        }

        return md.ToString();

        string Percent() => "95%";
    }

    /// <summary>The HTML report: one file, inline styles and SVG.</summary>
    /// <param name="request">What was rolled out and the outcome.</param>
    /// <param name="scores">The stored scores.</param>
    /// <param name="context">Lineage and cost, when known.</param>
    public static string Html(ReportRequest request, JsonElement scores, ReportContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        RolloutScore s = request.Score;
        string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rollout ").Append(E(request.InstanceId)).Append("</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1f24}")
            .Append("table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d7de;padding:.35rem .7rem;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".badge{display:inline-block;padding:.2rem .6rem;border-radius:1rem;color:#fff;font-weight:600}.promoted{background:#1a7f37}.rejected{background:#cf222e}")
            .Append("code{background:#f6f8fa;padding:.1rem .3rem;border-radius:4px;word-break:break-word}")
            .Append("table.examples{table-layout:fixed;width:100%}table.examples td,table.examples th{text-align:left;vertical-align:top;font-size:.9rem}</style></head><body>");
        html.Append("<h1>Rollout <span class=\"badge ").Append(E(WireNames.Of(request.Outcome))).Append("\">").Append(E(WireNames.Of(request.Outcome))).Append("</span></h1>");
        html.Append("<p>Service <code>").Append(E(request.Request.ServiceName)).Append("</code>, ").Append(E(request.At.ToString("u", Invariant))).Append("<br>Champion <code>")
            .Append(E(request.Champion)).Append("</code><br>Challenger <code>").Append(E(request.Request.ChallengerModelId)).Append("</code> on dataset version <code>")
            .Append(E(request.Request.DatasetVersion ?? "unknown")).Append("</code></p>");
        List<string> contextLines = ContextLines(context);
        if (contextLines.Count > 0)
        {
            html.Append("<ul>");
            foreach (string line in contextLines)
            {
                html.Append("<li>").Append(E(line)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<table><tr><th>metric</th><th>champion</th><th>challenger</th></tr>");
        Row("exact match", s.Champion.ExactMatch, s.Challenger.ExactMatch);
        Row("dialogue-act accuracy", s.Champion.ActAccuracy, s.Challenger.ActAccuracy);
        Row("slot F1", s.Champion.SlotF1, s.Challenger.SlotF1);
        html.Append("</table>");
        html.Append(Invariant, $"<p>Difference in exact match <b>{s.Difference:+0.000;-0.000}</b>, 95% confidence interval [{s.ConfidenceLow:F3}, {s.ConfidenceHigh:F3}], exact McNemar p = {s.PValue:G3}.</p><ul>");
        foreach (string reason in s.Reasons)
        {
            html.Append("<li>").Append(E(reason)).Append("</li>");
        }

        html.Append("</ul>");
        if (request.Approval is { } a)
        {
            html.Append("<p>Approval: ").Append(a.Approve ? "approved" : "rejected").Append(" by ").Append(E(a.By)).Append(": ").Append(E(a.Reason)).Append("</p>");
        }

        html.Append("<h2>Per-attribute slot F1</h2>").Append(Bars(PerAttribute(scores)));
        html.Append("<h2>Dialogue-act accuracy by act</h2>").Append(Bars(PerAct(scores)));
        html.Append("<h2>Where they differ</h2><table class=\"examples\"><tr><th>text</th><th>reference</th><th>champion</th><th>challenger</th></tr>");
        foreach (JsonElement d in Differences(scores))
        {
            html.Append("<tr><td>").Append(E(d.GetProperty("text").GetString())).Append("</td><td><code>").Append(E(d.GetProperty("reference").GetString()))
                .Append("</code></td><td><code>").Append(E(d.GetProperty("champion").GetString())).Append("</code></td><td><code>")
                .Append(E(d.GetProperty("challenger").GetString())).Append("</code></td></tr>");
        }

        html.Append("</table></body></html>");
        return html.ToString();

        void Row(string name, double champion, double challenger) =>
            html.Append(Invariant, $"<tr><td>{name}</td><td>{champion:F3}</td><td>{challenger:F3}</td></tr>");
    }

    /// <summary>A grouped horizontal bar chart (champion grey, challenger blue), values in [0, 1].</summary>
    private static string Bars(List<(string Name, double Champion, double Challenger)> rows)
    {
        const int label = 170;
        const int width = 560;
        const int rowHeight = 26;
        int height = (rows.Count * rowHeight) + 30;
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{label + width + 110}\" height=\"{height}\" role=\"img\" font-size=\"12\">");
        for (int i = 0; i < rows.Count; i++)
        {
            (string name, double champion, double challenger) = rows[i];
            int y = (i * rowHeight) + 4;
            svg.Append(Invariant, $"<text x=\"{label - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{WebUtility.HtmlEncode(name)}</text>");
            svg.Append(Invariant, $"<rect x=\"{label}\" y=\"{y}\" width=\"{champion * width:F1}\" height=\"10\" fill=\"#8c959f\"><title>champion {champion:F3}</title></rect>");
            svg.Append(Invariant, $"<rect x=\"{label}\" y=\"{y + 11}\" width=\"{challenger * width:F1}\" height=\"10\" fill=\"#0969da\"><title>challenger {challenger:F3}</title></rect>");
            svg.Append(Invariant, $"<text x=\"{label + (Math.Max(champion, challenger) * width) + 4:F1}\" y=\"{y + 15}\" fill=\"#57606a\">{champion:F2} / {challenger:F2}</text>");
        }

        int legend = (rows.Count * rowHeight) + 20;
        svg.Append(Invariant, $"<rect x=\"{label}\" y=\"{legend - 9}\" width=\"10\" height=\"10\" fill=\"#8c959f\"/><text x=\"{label + 14}\" y=\"{legend}\">champion</text>");
        svg.Append(Invariant, $"<rect x=\"{label + 90}\" y=\"{legend - 9}\" width=\"10\" height=\"10\" fill=\"#0969da\"/><text x=\"{label + 104}\" y=\"{legend}\">challenger</text>");
        return svg.Append("</svg>").ToString();
    }

    private static List<string> ContextLines(ReportContext? context)
    {
        var lines = new List<string>();
        if (context is null)
        {
            return lines;
        }

        if (context.ParentVersion is not null || context.LabelledBySource is { Count: > 0 })
        {
            string sources = context.LabelledBySource is { Count: > 0 } bySource
                ? string.Join(", ", bySource.Select(s => string.Create(Invariant, $"{s.Key} {s.Value}")))
                : "unknown";
            lines.Add(string.Create(Invariant, $"Dataset lineage: parent {context.ParentVersion ?? "none"}; {context.TrainRecords} train / {context.ValidRecords} valid records; new labelled by source: {sources}"));
        }

        if (context.LabelledByAct is { Count: > 0 } byAct)
        {
            lines.Add("New labelled records by act: " + string.Join(", ", byAct.Select(a => string.Create(Invariant, $"{a.Key} {a.Value}"))));
        }

        if (context.JobId is not null || context.ComputeMinutes is not null)
        {
            lines.Add(string.Create(Invariant, $"Fine-tuning job {context.JobId ?? "unknown"}: {context.ComputeMinutes ?? 0:F1} compute minutes"));
        }

        if (context.CanaryMinutes is { } canary)
        {
            lines.Add(string.Create(Invariant, $"Canary service time: {canary:F1} minutes"));
        }

        return lines;
    }

    private static List<(string Name, double Champion, double Challenger)> PerAttribute(JsonElement scores)
    {
        Dictionary<string, double> F1(string side) => scores.GetProperty(side).GetProperty("perAttribute").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("f1").GetDouble(), StringComparer.Ordinal);
        Dictionary<string, double> champion = F1("champion");
        Dictionary<string, double> challenger = F1("challenger");
        return [.. champion.Keys.Union(challenger.Keys).Order(StringComparer.Ordinal)
            .Select(k => (k, champion.GetValueOrDefault(k), challenger.GetValueOrDefault(k)))];
    }

    private static List<(string Name, double Champion, double Challenger)> PerAct(JsonElement scores)
    {
        Dictionary<string, double> Acc(string side) => scores.GetProperty(side).TryGetProperty("actAccuracyByAct", out JsonElement acts)
            ? acts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal)
            : [];
        Dictionary<string, double> champion = Acc("champion");
        Dictionary<string, double> challenger = Acc("challenger");
        return [.. champion.Keys.Union(challenger.Keys).Order(StringComparer.Ordinal)
            .Select(k => (k, champion.GetValueOrDefault(k), challenger.GetValueOrDefault(k)))];
    }

    private static List<JsonElement> Differences(JsonElement scores) =>
        scores.TryGetProperty("differences", out JsonElement d) ? [.. d.EnumerateArray()] : [];

    private static string Number(JsonElement scores, string side, string property) =>
        scores.GetProperty(side).TryGetProperty(property, out JsonElement v) ? v.ToString() : "?";
}
