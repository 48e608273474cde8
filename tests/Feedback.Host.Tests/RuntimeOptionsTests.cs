using Microsoft.Extensions.Options;

namespace Feedback.Host.Tests;

public sealed class RuntimeOptionsTests
{
    [Theory]
    [InlineData("Durable:Backend", "AzureStorage", "connection string")]
    [InlineData("Api:ApiKey", "short", "at least 16 characters")]
    [InlineData("Durable:TaskHubName", "bad-hub!", "task hub name")]
    [InlineData("Triggers:Schedule:Orchestration", "NoSuchOrchestration", "pipeline's orchestrations")]
    [InlineData("Triggers:Schedule:Cron", "*/5 * * * *", "six-field cron")]
    [InlineData("Triggers:Queue:QueueName", "Bad_Queue", "queue name")]
    [InlineData("Decision:Alpha", "2", "Alpha")]
    [InlineData("Decision:Margin", "-0.1", "Margin")]
    [InlineData("ModelUpdate:FirstPoll", "00:10:00", "must not be longer than ModelUpdate:MaxPoll")]
    [InlineData("ModelUpdate:LeaseDuration", "00:01:00", "must be at least ModelUpdate:FineTuneTimeout")]
    public async Task Start_InvalidSetting_FailsAtStartWithAClearMessage(string key, string value, string expected)
    {
        OptionsValidationException e = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RuntimeUnderTest.StartAsync(new Dictionary<string, string?> { [key] = value, ["AzureWebJobsStorage"] = null }));

        Assert.Contains(expected, string.Join(" ", e.Failures), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Start_MissingApiKey_FailsAtStart()
    {
        OptionsValidationException e = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RuntimeUnderTest.StartAsync(new Dictionary<string, string?> { ["Api:ApiKey"] = "" }));

        Assert.Contains("Api:ApiKey", string.Join(" ", e.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Anyscale:FineTuneBuildId", "", "Anyscale:FineTuneBuildId is required")]
    [InlineData("Anyscale:FineTuneComputeConfigId", "", "Anyscale:FineTuneComputeConfigId is required")]
    [InlineData("Anyscale:ServingBuildId", "", "Anyscale:ServingBuildId is required")]
    [InlineData("Anyscale:ServingComputeConfigId", "", "Anyscale:ServingComputeConfigId is required")]
    [InlineData("Anyscale:FineTuneBuildId", "localhost:5555/anyscale/llm-forge:0.5.8", "not a name or an image URI")]
    [InlineData("Anyscale:ServingComputeConfigId", "default-serverless-config:1", "not a name or an image URI")]
    public async Task Start_AnyscaleIdMissingOrNotAnId_FailsAtStartNamingTheSetting(string key, string value, string expected)
    {
        Dictionary<string, string?> settings = Feedback.Emulator.EmulatorDefaults.ClientSettings("http://127.0.0.1:9/", "token-0123456789");
        settings[key] = value;

        Exception e = await Assert.ThrowsAnyAsync<Exception>(() => RuntimeUnderTest.StartAsync(settings));

        OptionsValidationException validation = Assert.IsType<OptionsValidationException>(e is AggregateException aggregate ? aggregate.InnerExceptions[0] : e);
        Assert.Contains(expected, string.Join(" ", validation.Failures), StringComparison.Ordinal);
    }
}
