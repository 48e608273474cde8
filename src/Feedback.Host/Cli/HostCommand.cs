using System.CommandLine;
using Feedback.Host.Hosting;

namespace Feedback.Host.Cli;

/// <summary><c>feedback host</c>: runs the self-hosted runtime (durable or in-memory) until stopped.</summary>
public static class HostCommand
{
    /// <summary>Builds the command. Unrecognised tokens are passed to the host as configuration (<c>--Durable:TaskHubName=Hub2</c>).</summary>
    /// <param name="error">Where errors go.</param>
    public static Command Build(TextWriter error)
    {
        var backend = new Option<string>("--backend")
        {
            Description = "Where orchestration state lives: 'memory' (default; lost on restart) or 'azure-storage' (durable; Azurite or a storage account).",
            DefaultValueFactory = _ => "memory",
        };
        backend.AcceptOnlyFromAmong("memory", "azure-storage");
        var urls = new Option<string?>("--urls") { Description = "The HTTP API's listen addresses (default http://localhost:5000)." };
        var host = new Command("host", "Run the self-hosted runtime: durable orchestrations, triggers and the HTTP API.") { backend, urls };
        host.TreatUnmatchedTokensAsErrors = false;
        host.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string>(parse.UnmatchedTokens)
            {
                $"--Durable:Backend={(parse.GetValue(backend) == "azure-storage" ? "AzureStorage" : "InMemory")}",
            };
            if (parse.GetValue(urls) is { } u)
            {
                args.Add($"--urls={u}");
            }

            try
            {
                await using WebApplication app = FeedbackRuntime.Build([.. args]);
                await app.RunAsync(cancellationToken);
                return 0;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                await error.WriteLineAsync($"Configuration is not valid: {string.Join(" ", e.Failures)}");
                return 2;
            }
        });
        return host;
    }
}
