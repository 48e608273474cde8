using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json;
using Feedback.Pipeline;
using Feedback.Pipeline.ModelUpdate;

namespace Feedback.Host.Cli;

/// <summary>
/// The operators' verbs, each a call to a running host's HTTP API (<c>--url</c>, default
/// <c>FEEDBACK_URL</c> or http://localhost:5000; the key from <c>--key</c> or <c>FEEDBACK_API_KEY</c>):
/// <c>start</c> an orchestration, <c>show</c> an instance, <c>approve</c> or <c>reject</c> a pending
/// rollout, list the <c>models</c>. Exit 0 on success, 1 when the host refuses (its ProblemDetails is
/// printed), 2 for a call that cannot be made.
/// </summary>
public static class OperatorCommands
{
    private static readonly JsonSerializerOptions Indented = new(PipelineJson.Options) { WriteIndented = true };

    /// <summary>Adds the verbs to the root command.</summary>
    /// <param name="root">The root command.</param>
    /// <param name="output">Where answers go.</param>
    /// <param name="error">Where failures go.</param>
    /// <param name="handler">The HTTP handler (tests pass one; null for the default).</param>
    public static void AddTo(RootCommand root, TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var url = new Option<string>("--url") { Description = "The host's address.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FEEDBACK_URL") ?? "http://localhost:5000", Recursive = true };
        var key = new Option<string?>("--key") { Description = "The API key (x-functions-key); default FEEDBACK_API_KEY.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FEEDBACK_API_KEY"), Recursive = true };

        var name = new Argument<string>("orchestration") { Description = "The orchestration, e.g. DataUpdateOrchestration or ModelUpdateOrchestration." };
        var id = new Option<string?>("--id") { Description = "The instance id (default: the host picks one)." };
        var input = new Option<string?>("--input") { Description = "The input as JSON, or @file to read it from a file." };
        var start = new Command("start", "Start an orchestration on a running host.") { name, id, input, url, key };
        start.SetAction((r, ct) => CallAsync(r, url, key, output, error, handler, async http =>
        {
            string? body = r.GetValue(input) is { } given ? given.StartsWith('@') ? await File.ReadAllTextAsync(given[1..], ct) : given : null;
            string path = $"/api/orchestrators/{Uri.EscapeDataString(r.GetValue(name)!)}" + (r.GetValue(id) is { } i ? $"/{Uri.EscapeDataString(i)}" : string.Empty);
            return await http.PostAsync(path, body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"), ct);
        }, ct));

        var instance = new Argument<string>("instance") { Description = "The instance id." };
        var show = new Command("show", "Show an orchestration instance: status, custom status, input and output.") { instance, url, key };
        show.SetAction((r, ct) => CallAsync(r, url, key, output, error, handler,
            http => http.GetAsync($"/api/instances/{Uri.EscapeDataString(r.GetValue(instance)!)}", ct), ct));

        var models = new Command("models", "List the model registry: champion, challenger, every model and the promotion history.") { url, key };
        models.SetAction((r, ct) => CallAsync(r, url, key, output, error, handler, http => http.GetAsync("/api/models", ct), ct));

        root.Subcommands.Add(start);
        root.Subcommands.Add(show);
        root.Subcommands.Add(Decision("approve", approve: true, url, key, output, error, handler));
        root.Subcommands.Add(Decision("reject", approve: false, url, key, output, error, handler));
        root.Subcommands.Add(models);
    }

    private static Command Decision(string verb, bool approve, Option<string> url, Option<string?> key, TextWriter output, TextWriter error, HttpMessageHandler? handler)
    {
        var instance = new Argument<string>("instance") { Description = "The rollout's instance id (or its model update's: the rollout is its '-rollout' sub-orchestration)." };
        var by = new Option<string>("--by") { Description = "Who decides.", DefaultValueFactory = _ => Environment.UserName };
        var reason = new Option<string>("--reason") { Description = "Why.", DefaultValueFactory = _ => approve ? "approved by an operator" : "rejected by an operator" };
        var command = new Command(verb, $"{(approve ? "Approve" : "Reject")} a rollout that waits for approval.") { instance, by, reason, url, key };
        command.SetAction((r, ct) => CallAsync(r, url, key, output, error, handler, async http =>
        {
            string id = r.GetValue(instance)!;
            using (HttpResponseMessage status = await http.GetAsync($"/api/instances/{Uri.EscapeDataString(id)}", ct))
            {
                if (status.IsSuccessStatusCode && (await status.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("name").GetString() == nameof(ModelUpdateOrchestration))
                {
                    id += "-rollout";
                }
            }

            var decision = new ApprovalDecision(approve, r.GetValue(by)!, r.GetValue(reason)!);
            return await http.PostAsync(
                $"/api/instances/{Uri.EscapeDataString(id)}/raiseEvent/{RolloutOrchestration.ApprovalEvent}",
                JsonContent.Create(decision, options: PipelineJson.Options), ct);
        }, ct));
        return command;
    }

    private static async Task<int> CallAsync(
        ParseResult result, Option<string> url, Option<string?> key, TextWriter output, TextWriter error, HttpMessageHandler? handler,
        Func<HttpClient, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(result.GetValue(url), UriKind.Absolute, out Uri? address) || address.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"--url takes the host's http(s) address, not '{result.GetValue(url)}'.");
            return 2;
        }

        using HttpClient http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = address;
        http.Timeout = TimeSpan.FromSeconds(30);
        if (result.GetValue(key) is { Length: > 0 } k)
        {
            http.DefaultRequestHeaders.Add("x-functions-key", k);
        }

        try
        {
            using HttpResponseMessage response = await call(http);
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            string shown = body.Length == 0 ? $"{(int)response.StatusCode} {response.StatusCode}" : Pretty(body);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"The host answered {(int)response.StatusCode}: {shown}");
                return response.StatusCode == HttpStatusCode.Unauthorized ? 2 : 1;
            }

            await output.WriteLineAsync(shown);
            return 0;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"Could not reach the host at {address}: {e.Message}");
            return 2;
        }
    }

    private static string Pretty(string json)
    {
        try
        {
            return JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
