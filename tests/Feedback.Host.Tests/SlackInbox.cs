using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Feedback.Host.Tests;

/// <summary>A local stand-in for a Slack incoming webhook; its URL ends in a secret path, as a real one does.</summary>
internal sealed class SlackInbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _secret;

    private SlackInbox(WebApplication app, string secret)
    {
        _app = app;
        _secret = secret;
    }

    /// <summary>When set, every post is answered with this status (a webhook that fails).</summary>
    public int? FailWith { get; set; }

    /// <summary>The messages received.</summary>
    public ConcurrentQueue<JsonElement> Messages { get; } = new();

    /// <summary>The webhook URL (a secret).</summary>
    public Uri WebhookUrl => new($"{_app.Urls.First()}/services/T0/B0/{_secret}");

    /// <summary>Starts the listener.</summary>
    /// <param name="secret">The secret last path segment.</param>
    public static async Task<SlackInbox> StartAsync(string secret = "secret")
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var inbox = new SlackInbox(app, secret);
        app.MapPost("/services/{a}/{b}/{c}", async (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            if (inbox.FailWith is { } status)
            {
                return Microsoft.AspNetCore.Http.Results.StatusCode(status);
            }

            inbox.Messages.Enqueue((await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone());
            return Microsoft.AspNetCore.Http.Results.Text("ok");
        });
        await app.StartAsync();
        return inbox;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
