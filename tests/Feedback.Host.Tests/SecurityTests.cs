using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Feedback.Emulator;
using Feedback.Integrations.Anyscale;
using Feedback.Integrations.Tests.Snowflake;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Feedback.Host.Tests;

/// <summary>
/// Keys, secrets and URLs: every mutating route refuses a missing or wrong key (found from the route
/// table, so a new route is covered); after a full run on the durable backend with every secret
/// configured (the Anyscale token, the Snowflake key, the Slack webhook, the API key, the service's
/// token), none of them is found in the logs, the task hub's tables, blobs and queues, the store
/// (reports, registry, datasets, structured feedback, state), the metrics sent to Snowflake or the
/// Slack messages; URLs that would carry a secret in clear are refused at start.
/// </summary>
public sealed class SecurityTests(ITestOutputHelper log)
{
    [Fact]
    public async Task MutatingRoutes_MissingOrWrongKey_AreRefusedWith401()
    {
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?> { ["Durable:Backend"] = "InMemory" });
        RouteEndpoint[] mutating = [.. runtime.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "DELETE" or "PATCH") == true)];

        var checkedRoutes = new List<string>();
        foreach (RouteEndpoint endpoint in mutating)
        {
            string method = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.First(m => m is "POST" or "PUT" or "DELETE" or "PATCH");
            string path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => parameter.Name == "name" ? "RuntimeCheckOrchestration" : "x1",
                _ => "x",
            }))));
            foreach (string? key in new[] { null, "wrong-key-0123456789abcdef" })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
                if (key is not null)
                {
                    request.Headers.Add("x-functions-key", key);
                }

                using HttpResponseMessage response = await runtime.Http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with key '{key}' answered {(int)response.StatusCode}");
            }

            checkedRoutes.Add($"{method} {path}");
        }

        Assert.True(checkedRoutes.Count >= 6, string.Join(", ", checkedRoutes));
        await WriteReportAsync("security-keys.md", $"mutating routes refusing a missing and a wrong key (401): {checkedRoutes.Count}: {string.Join(", ", checkedRoutes)}\n");
    }

    [Theory]
    [InlineData("Anyscale:BaseUrl", "http://anyscale.example.com")]
    [InlineData("Anyscale:BaseUrl", "ftp://127.0.0.1/")]
    [InlineData("Anyscale:BaseUrl", "not a url")]
    [InlineData("Slack:WebhookUrl", "http://hooks.slack.com/services/T/B/x")]
    [InlineData("Slack:WebhookUrl", "https://evil.example.com/services/T/B/x")]
    public async Task Start_UrlThatWouldExposeASecret_FailsAtStartNamingTheSetting(string setting, string value)
    {
        Dictionary<string, string?> settings = Feedback.Emulator.EmulatorDefaults.ClientSettings("http://127.0.0.1:9/", "token-0123456789");
        settings["Durable:Backend"] = "InMemory";
        settings[setting] = value;

        Exception e = await Assert.ThrowsAnyAsync<Exception>(() => RuntimeUnderTest.StartAsync(settings));

        Exception validation = e is AggregateException aggregate ? aggregate.InnerExceptions[0] : e;
        Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(validation);
        Assert.Contains(setting, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullRun_EverySecretConfigured_NoSecretInLogsHistoryStoreMetricsOrMessages()
    {
        string anyscaleToken = $"anyscale-{Guid.NewGuid():N}";
        string webhookSecret = $"hook{Guid.NewGuid():N}";
        using RSA key = RSA.Create(2048);
        string pem = key.ExportPkcs8PrivateKeyPem();
        DirectoryInfo work = Directory.CreateTempSubdirectory("feedback-secrets-");
        await using Azurite azurite = await Azurite.StartAsync();
        await using SlackInbox slack = await SlackInbox.StartAsync(webhookSecret);
        await using SnowflakeFake snowflake = await SnowflakeFake.StartAsync(RSA.Create(key.ExportParameters(false)), "MYORG-MYACCOUNT", "FEEDBACK_LOADER");
        await using WebApplication emulator = await EmulatorApp.StartInProcessAsync(anyscaleToken, Path.Combine(work.FullName, "artifacts"), jobStepDelay: TimeSpan.FromMilliseconds(300), serviceStartDelay: TimeSpan.FromMilliseconds(100));
        var logs = new ConcurrentQueue<string>();
        string store = Path.Combine(work.FullName, "store");
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(
            new Dictionary<string, string?>
            {
                ["Durable:Backend"] = "AzureStorage",
                ["Durable:ConnectionString"] = azurite.ConnectionString,
                ["Durable:TaskHubName"] = "SecurityScan",
                ["ObjectStore:Root"] = store,
                ["Anyscale:BaseUrl"] = emulator.Urls.First(),
                ["Anyscale:Token"] = anyscaleToken,
                ["Anyscale:ProjectId"] = "prj_feedback",
                ["Anyscale:FineTuneBuildId"] = Feedback.Emulator.EmulatorDefaults.FineTuneBuildId,
                ["Anyscale:FineTuneComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.FineTuneComputeConfigId,
                ["Anyscale:ServingBuildId"] = Feedback.Emulator.EmulatorDefaults.ServingBuildId,
                ["Anyscale:ServingComputeConfigId"] = Feedback.Emulator.EmulatorDefaults.ServingComputeConfigId,
                ["Slack:WebhookUrl"] = slack.WebhookUrl.ToString(),
                ["Metrics:Kind"] = "Snowflake",
                ["Snowflake:AccountUrl"] = snowflake.Url.ToString(),
                ["Snowflake:Account"] = "myorg-myaccount",
                ["Snowflake:User"] = "feedback_loader",
                ["Snowflake:PrivateKeyPem"] = pem,
                ["Snowflake:Database"] = "FEEDBACK",
                ["Snowflake:Schema"] = "METRICS",
                ["Snowflake:PollInterval"] = "00:00:00.010",
                ["Triggers:Queue:Orchestration"] = nameof(ModelUpdateOrchestration),
                ["Triggers:Queue:PollingInterval"] = "00:00:00.300",
                ["ModelUpdate:FirstPoll"] = "00:00:00.300",
                ["ModelUpdate:MaxPoll"] = "00:00:01",
                ["Logging:LogLevel:Default"] = "Debug",
            },
            builder => builder.Logging.AddProvider(new CapturingProvider(logs)));

        // The loop: exports, a data update (metrics to Snowflake), the model update from its event
        // (fine-tune, canary, rollout, promotion, Slack), then the intake and structuring routes.
        IObjectStore objects = runtime.Services.GetRequiredService<IObjectStore>();
        foreach ((string from, string to) in new[] { ("test/test.jsonl", "reference/test.jsonl"), ("sources/discord/2026-11-01.jsonl", "sources/discord/2026-11-01.jsonl"), ("sources/twitch/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl") })
        {
            await using FileStream file = File.OpenRead(Path.Combine(RepositoryPaths.Data, from));
            await objects.WriteAsync(to, file);
        }

        DurableTaskClient client = runtime.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(DataUpdateOrchestration), null, new StartOrchestrationOptions(DataUpdateOrchestration.SingletonInstanceId));
        OrchestrationMetadata? update = await Wait.UntilAsync(
            async () =>
            {
                OrchestrationMetadata? found = null;
                await foreach (OrchestrationMetadata m in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = $"{nameof(ModelUpdateOrchestration)}-dataset-", FetchInputsAndOutputs = true }))
                {
                    found = m.Name == nameof(ModelUpdateOrchestration) ? m : found;
                }

                return found;
            },
            m => m is { IsCompleted: true },
            TimeSpan.FromMinutes(3),
            "the model update started by the data-transformed event to end");

        Assert.True(update is { RuntimeStatus: OrchestrationRuntimeStatus.Completed }, $"{update?.RuntimeStatus} {update?.SerializedOutput}");
        update = await client.GetInstanceAsync(update!.InstanceId, getInputsAndOutputs: true);
        Assert.True(update!.ReadOutputAs<ModelUpdateResult>()?.Outcome == ModelUpdateOutcome.Promoted, update.SerializedOutput);
        Assert.NotEmpty(slack.Messages);
        Assert.NotEmpty(snowflake.Statements);
        using (HttpResponseMessage posted = await runtime.SendAsync(HttpMethod.Post, "/api/feedback", """{"text":"Is Portal 2 on Steam?"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        using (HttpResponseMessage structured = await runtime.SendAsync(HttpMethod.Post, "/api/feedback/structure", """{"text":"Is Portal 2 on Steam?"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, structured.StatusCode);
        }

        // The key as a function key in the query string, as Functions clients send it: it works, and is never logged.
        using (var byQuery = new HttpRequestMessage(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration?code={Uri.EscapeDataString(RuntimeUnderTest.ApiKey)}"))
        using (HttpResponseMessage started = await runtime.Http.SendAsync(byQuery))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        Assert.Contains(logs, line => line.Contains("/api/orchestrators/RuntimeCheckOrchestration (query: True) answered 202", StringComparison.Ordinal));

        string serviceToken = (await runtime.Services.GetRequiredService<AnyscaleClient>().GetServiceEndpointAsync("viggo"))!.Value.Token;
        string pemBody = pem.Split('\n')[1].Trim();
        var secrets = new Dictionary<string, string>
        {
            ["Anyscale token"] = anyscaleToken,
            ["service token"] = serviceToken,
            ["Slack webhook"] = webhookSecret,
            ["Snowflake private key"] = pemBody,
            ["API key"] = RuntimeUnderTest.ApiKey,
        };
        Assert.All(secrets.Values, s => Assert.True(s.Length >= 16));

        // Everything the run left behind.
        var places = new List<(string Where, string Text)>
        {
            ("logs", string.Join('\n', logs)),
            ("Snowflake statements", JsonSerializer.Serialize(snowflake.Statements.Select(s => new { s.Statement, s.Bindings }))),
            ("Slack messages", string.Join('\n', slack.Messages.Select(m => m.GetRawText()))),
        };
        foreach (string file in Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories))
        {
            places.Add(($"store {Path.GetRelativePath(store, file)}", await File.ReadAllTextAsync(file)));
        }

        var tables = new TableServiceClient(azurite.ConnectionString);
        await foreach (Azure.Data.Tables.Models.TableItem table in tables.QueryAsync())
        {
            var rows = new StringBuilder();
            await foreach (TableEntity entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (KeyValuePair<string, object> property in entity)
                {
                    rows.Append(property.Value is byte[] bytes ? Decode(bytes) : property.Value?.ToString()).Append('\n');
                }
            }

            places.Add(($"table {table.Name}", rows.ToString()));
        }

        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await foreach (BlobContainerItem container in blobs.GetBlobContainersAsync())
        {
            BlobContainerClient containerClient = blobs.GetBlobContainerClient(container.Name);
            await foreach (BlobItem blob in containerClient.GetBlobsAsync())
            {
                Azure.Response<BlobDownloadResult> content = await containerClient.GetBlobClient(blob.Name).DownloadContentAsync();
                places.Add(($"blob {container.Name}/{blob.Name}", Decode(content.Value.Content.ToArray())));
            }
        }

        var queues = new QueueServiceClient(azurite.ConnectionString);
        await foreach (QueueItem queue in queues.GetQueuesAsync())
        {
            PeekedMessage[] messages = (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value;
            places.Add(($"queue {queue.Name}", string.Join('\n', messages.Select(m => m.Body.ToString()))));
        }

        Assert.Contains(places, p => p.Where.StartsWith("table ", StringComparison.Ordinal) && p.Text.Contains(nameof(ModelUpdateOrchestration), StringComparison.Ordinal));
        Assert.Contains(places, p => p.Where.StartsWith("store reports/", StringComparison.Ordinal));
        var found = (from place in places from secret in secrets where place.Text.Contains(secret.Value, StringComparison.Ordinal) select $"{secret.Key} in {place.Where}").ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
        await WriteReportAsync("security-secrets.md", $"secret scan after a full run: {secrets.Count} secrets ({string.Join(", ", secrets.Keys)}) searched in {places.Count} places: {logs.Count} log lines at Debug, {places.Count(p => p.Where.StartsWith("table ", StringComparison.Ordinal))} task hub tables, {places.Count(p => p.Where.StartsWith("blob ", StringComparison.Ordinal))} task hub blobs, {places.Count(p => p.Where.StartsWith("queue ", StringComparison.Ordinal))} queues, {places.Count(p => p.Where.StartsWith("store ", StringComparison.Ordinal))} store objects (reports, registry, datasets, structured feedback, state), {snowflake.Statements.Count} Snowflake statements, {slack.Messages.Count} Slack messages; found: 0\n");
        try
        {
            work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private async Task WriteReportAsync(string file, string text)
    {
        log.WriteLine(text);
        string folder = Path.Combine(RepositoryPaths.Root, "artifacts", "reliability");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, file), text);
    }

    /// <summary>Text of stored bytes, un-gzipped when the Durable backend compressed them.</summary>
    private static string Decode(byte[] bytes)
    {
        if (bytes.Length > 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return reader.ReadToEnd();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                string properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                lines.Enqueue($"{category}: {formatter(state, exception)} {properties} {exception}");
            }
        }
    }
}
