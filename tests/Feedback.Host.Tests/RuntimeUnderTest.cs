using System.Text.Json;
using Feedback.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Feedback.Host.Tests;

/// <summary>The self-hosted runtime started in the test process on a free port, with an HTTP client for its API.</summary>
public sealed class RuntimeUnderTest : IAsyncDisposable
{
    /// <summary>The API key the runtime under test requires.</summary>
    public const string ApiKey = "test-key-0123456789abcdef";

    private readonly WebApplication _app;

    private RuntimeUnderTest(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>A client of the API (no key header by default).</summary>
    public HttpClient Http { get; }

    /// <summary>The runtime's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the runtime with the given configuration on top of the test defaults.</summary>
    /// <param name="settings">Configuration keys and values (e.g. Durable:Backend).</param>
    /// <param name="configure">More configuration of the builder.</param>
    public static async Task<RuntimeUnderTest> StartAsync(IDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Api:ApiKey"] = ApiKey,
            ["Durable:MaxQueuePollingInterval"] = "00:00:00.100",
            ["ObjectStore:Root"] = Path.Combine(Path.GetTempPath(), "feedback-tests", Guid.NewGuid().ToString("N")),
            ["Metrics:SqlitePath"] = Path.Combine(Path.GetTempPath(), "feedback-tests", $"{Guid.NewGuid():N}.db"),
            ["Triggers:Schedule:Orchestration"] = string.Empty,
            ["Triggers:Blob:Orchestration"] = string.Empty,
        };
        foreach ((string key, string? value) in settings)
        {
            all[key] = value;
        }

        // Settings go in as command-line configuration, so registration-time decisions (which adapters) see them.
        WebApplication app = FeedbackRuntime.Build([.. all.Select(kv => $"--{kv.Key}={kv.Value}")], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new RuntimeUnderTest(app, new Uri(app.Urls.First()));
    }

    /// <summary>Sends a request with the API key.</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path and query.</param>
    /// <param name="json">The raw JSON body, if any.</param>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", ApiKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return Http.SendAsync(request);
    }

    /// <summary>Polls an instance's status until <paramref name="done"/> holds or the timeout passes.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="done">The condition on the status document.</param>
    /// <param name="timeout">The longest wait.</param>
    public Task<JsonElement> WaitForStatusAsync(string instanceId, Func<JsonElement, bool> done, TimeSpan? timeout = null) =>
        InstanceStatus.WaitAsync(Http, instanceId, done, timeout ?? TimeSpan.FromSeconds(60));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
