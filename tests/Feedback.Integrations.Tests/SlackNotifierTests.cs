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

    [Theory]
    [InlineData("a < b & c > d", "a &lt; b &amp; c &gt; d")]
    [InlineData("*bold* _it_ `code` \"quoted\" 'single' é", "*bold* _it_ `code` \"quoted\" 'single' é")]
    [InlineData("<!channel> <https://evil.example|click>", "&lt;!channel&gt; &lt;https://evil.example|click&gt;")]
    public void Escape_SlackMrkdwn_EscapesOnlyAmpersandAndAngleBrackets(string text, string escaped)
    {
        Assert.Equal(escaped, SlackNotifier.Escape(text));
    }

    [Fact]
    public async Task NotifyAsync_ReportKeyAndReportBaseUrl_ButtonOpensTheHostsReportRoute()
    {
        await using SlackListener slack = await SlackListener.StartAsync();
        await using ServiceProvider services = Build(slack.WebhookUrl.ToString(), new ConcurrentQueue<string>(), new() { ["Slack:ReportBaseUrl"] = "https://feedback.example.com/" });

        await services.GetRequiredService<INotifier>().NotifyAsync(Alert with { Link = null, ReportKey = "reports/ModelUpdate-v1-rollout/report.html" });

        JsonElement[] blocks = [.. Assert.Single(slack.Messages).GetProperty("blocks").EnumerateArray()];
        Assert.Equal("https://feedback.example.com/api/reports/ModelUpdate-v1-rollout/report.html", blocks[^1].GetProperty("elements")[0].GetProperty("url").GetString());
        Assert.DoesNotContain("reports/ModelUpdate-v1-rollout/report.html", blocks[2].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_ReportInS3AndNoBaseUrl_ButtonIsATimeLimitedLinkThatOpens()
    {
        await using S3rver s3 = await S3rver.StartAsync();
        var store = new global::Feedback.Integrations.Storage.S3ObjectStore(new global::Feedback.Integrations.Storage.ObjectStoreOptions
        {
            Kind = global::Feedback.Integrations.Storage.ObjectStoreKind.S3, Bucket = "reports-link", ServiceUrl = s3.ServiceUrl, ForcePathStyle = true, UseChunkEncoding = false, AccessKey = "S3RVER", SecretKey = "S3RVER",
        });
        await store.EnsureBucketAsync();
        await store.WriteAsync("reports/r1/report.html", new MemoryStream("<html>the report</html>"u8.ToArray()));
        await using SlackListener slack = await SlackListener.StartAsync();
        await using ServiceProvider services = Build(slack.WebhookUrl.ToString(), new ConcurrentQueue<string>(), new() { ["Slack:ReportLinkLifetime"] = "01:00:00" }, store);

        await services.GetRequiredService<INotifier>().NotifyAsync(Alert with { Link = null, ReportKey = "reports/r1/report.html" });

        string url = Assert.Single(slack.Messages).GetProperty("blocks").EnumerateArray().Last().GetProperty("elements")[0].GetProperty("url").GetString()!;
        Assert.Contains("Expires=", url, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal("<html>the report</html>", await http.GetStringAsync(url));
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

    private static ServiceProvider Build(string? webhook, ConcurrentQueue<string> logs, Dictionary<string, string?>? settings = null, IObjectStore? store = null)
    {
        settings ??= [];
        settings["Slack:WebhookUrl"] = webhook;
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(logs)));
        if (store is not null) services.AddSingleton(store);
        return services.AddNotifier(configuration).BuildServiceProvider();
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
