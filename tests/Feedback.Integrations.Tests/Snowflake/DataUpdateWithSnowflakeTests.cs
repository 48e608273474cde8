using System.Security.Cryptography;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Integrations.Tests.Snowflake;

/// <summary>The data update with Snowflake as the metrics sink, on the in-process durable host.</summary>
public sealed class DataUpdateWithSnowflakeTests
{
    [Fact]
    public async Task DataUpdate_SnowflakeRejectsMetrics_KeepsTheVersionPublishesAndRecordsTheError()
    {
        using RSA key = RSA.Create(2048);
        await using SnowflakeFake fake = await SnowflakeFake.StartAsync(RSA.Create(key.ExportParameters(false)), "ACME", "LOADER");
        fake.FailWhen = "MERGE INTO SOURCE_RECORD_COUNTS";
        DirectoryInfo root = Directory.CreateTempSubdirectory("feedback-store-");
        var store = new FileSystemObjectStore(root.FullName);
        var queue = new Queues.InProcessEventQueueClient(TimeProvider.System);
        await using (FileStream discord = File.OpenRead(Path.Combine(RepositoryPaths.Data, "sources", "discord", "2026-11-02.jsonl")))
        {
            await store.WriteAsync("sources/discord/2026-11-02.jsonl", discord);
        }

        await using (FileStream test = File.OpenRead(Path.Combine(RepositoryPaths.Data, "test", "test.jsonl")))
        {
            await store.WriteAsync("reference/test.jsonl", test);
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Metrics:Kind"] = "Snowflake",
            ["Snowflake:AccountUrl"] = fake.Url.ToString(),
            ["Snowflake:Account"] = "acme",
            ["Snowflake:User"] = "loader",
            ["Snowflake:PrivateKeyPem"] = key.ExportPkcs8PrivateKeyPem(),
            ["Snowflake:PollInterval"] = "00:00:00.010",
        }).Build();

        await using DurableTaskTestHost host = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddFeedbackPipeline(configuration);
                services.AddSingleton<IObjectStore>(store);
                services.AddSingleton<IEventQueueClient>(queue);
                services.AddMetricsSink(configuration);
            },
        });

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(DataUpdateOrchestration));
        OrchestrationMetadata done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        DataUpdateResult result = done.ReadOutputAs<DataUpdateResult>()!;
        Assert.Equal("new-version", WireNames.Of(result.Outcome));
        Assert.Contains("42S02", result.MetricsError, StringComparison.Ordinal);
        Assert.True(result.EventPublished);
        Assert.Single(await queue.PeekAsync("data-transformed", 32));
        await using Stream manifest = await store.OpenReadAsync(StoreLayout.DatasetFile(result.DatasetVersion!, "manifest.json"));
        Assert.True(manifest.Length > 0);
        Assert.Equal(result.DatasetVersion, (await IngestionLedger.ReadAsync(store)).CurrentVersion);
        Assert.Contains(fake.Statements, s => s.Statement.Contains("MERGE INTO DATA_UPDATE_RUNS", StringComparison.Ordinal));
        root.Delete(recursive: true);
    }
}
