using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Feedback.Integrations.Tests;

/// <summary>A local HTTP listener standing in for a Slack incoming webhook: it keeps every message posted to it.</summary>
public sealed class SlackListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SlackListener(WebApplication app) => _app = app;

    /// <summary>The messages received, in order.</summary>
    public ConcurrentQueue<JsonElement> Messages { get; } = new();

    /// <summary>The webhook URL (its path looks like a real one: a secret).</summary>
    public Uri WebhookUrl => new($"{_app.Urls.First()}/services/T000/B000/secret-token-123");

    /// <summary>Starts the listener on a free loopback port.</summary>
    public static async Task<SlackListener> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var listener = new SlackListener(app);
        app.MapPost("/services/{a}/{b}/{c}", async (HttpContext context) =>
        {
            listener.Messages.Enqueue((await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone());
            return Results.Text("ok");
        });
        await app.StartAsync();
        return listener;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
