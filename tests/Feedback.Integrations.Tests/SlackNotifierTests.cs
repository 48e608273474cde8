using System.Collections.Concurrent;
using System.Text.Json;
using Feedback.Integrations.Slack;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Integrations.Tests;

public sealed class SlackNotifierTests
{
    private static readonly Notification Alert = new(
        NotificationLevel.Alert,
        "Challenger rejected",
        "m:worse did not beat m:champion <by the margin>.",
        [new("Exact match", "0.083 vs 0.325"), new("p-value", "0.0001")],
        new Uri("https://example.test/reports/r1/report.html"));

    [Fact]
    public async Task NotifyAsync_Webhook_PostsBlockKitAndNeverLogsTheUrl()
    {
        await using SlackListener slack = await SlackListener.StartAsync();
        var logs = new ConcurrentQueue<string>();
        await using ServiceProvider services = Build(slack.WebhookUrl.ToString(), logs);

        await services.GetRequiredService<INotifier>().NotifyAsync(Alert);

        JsonElement message = Assert.Single(slack.Messages);
        Assert.Contains("Challenger rejected", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        JsonElement[] blocks = [.. message.GetProperty("blocks").EnumerateArray()];
        Assert.Equal(["header", "section", "section", "actions"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Contains("&lt;by the margin&gt;", blocks[1].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://example.test/reports/r1/report.html", blocks[3].GetProperty("elements")[0].GetProperty("url").GetString());
        Assert.DoesNotContain(logs, l => l.Contains("secret-token-123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddNotifier_NoWebhook_LogsTheAlert()
    {
        var logs = new ConcurrentQueue<string>();
        await using ServiceProvider services = Build(null, logs);

        await services.GetRequiredService<INotifier>().NotifyAsync(Alert);

        Assert.IsType<LogNotifier>(services.GetRequiredService<INotifier>());
        Assert.Contains(logs, l => l.Contains("ALERT Challenger rejected", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://hooks.slack.com/services/T/B/X", "https")]
    [InlineData("https://evil.example.com/services/T/B/X", "not in Slack:AllowedHosts")]
    [InlineData("not a url", "absolute URL")]
    public void Options_BadWebhook_FailValidation(string url, string expected)
    {
        using ServiceProvider services = Build(url, new ConcurrentQueue<string>());

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SlackOptions>>().Value);

        Assert.Contains(expected, string.Join(" ", e.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain("/services/T/B/X", string.Join(" ", e.Failures), StringComparison.Ordinal);
    }

    private static ServiceProvider Build(string? webhook, ConcurrentQueue<string> logs)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Slack:WebhookUrl"] = webhook }).Build();
        return new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(logs)))
            .AddNotifier(configuration)
            .BuildServiceProvider();
    }
}

/// <summary>Keeps every formatted log line.</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
