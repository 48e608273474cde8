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
}
