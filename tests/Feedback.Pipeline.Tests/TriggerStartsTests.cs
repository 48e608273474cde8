using Feedback.Pipeline.Triggers;

namespace Feedback.Pipeline.Tests;

public sealed class TriggerStartsTests
{
    [Fact]
    public void ScheduleInstanceId_Occurrence_IsUtcAndSecondsPrecise()
    {
        var occurrence = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal("DataUpdate-schedule-20261129T100000Z", TriggerStarts.ScheduleInstanceId("DataUpdate", occurrence));
    }

    [Fact]
    public void MessageInstanceId_UnsafeCharacters_AreReplaced()
    {
        Assert.Equal("ModelUpdate-message-a_b_c-1", TriggerStarts.MessageInstanceId("ModelUpdate", "a/b c-1"));
    }

    [Theory]
    [InlineData("""{"datasetVersion":"dd0a3f9699dd5472","newLabelledRecords":502,"total":602}""", "ModelUpdateOrchestration-dataset-dd0a3f9699dd5472")]
    [InlineData("""{"DatasetVersion":"v/1"}""", "ModelUpdateOrchestration-dataset-v_1")]
    [InlineData("""{"timerSeconds":0}""", "ModelUpdateOrchestration-message-m-1")]
    [InlineData("""{"datasetVersion":""}""", "ModelUpdateOrchestration-message-m-1")]
    [InlineData("[1]", "ModelUpdateOrchestration-message-m-1")]
    public void QueuedInstanceId_EventAboutADatasetVersion_IsNamedAfterTheVersionNotTheMessage(string body, string expected)
    {
        Assert.Equal(expected, TriggerStarts.QueuedInstanceId("ModelUpdateOrchestration", "m-1", TriggerStarts.ParseMessage(body, "DataUpdateOrchestration")));
    }

    [Fact]
    public void ObjectInstanceId_SameKeyAndTag_IsStableAndQuotesDoNotMatter()
    {
        string a = TriggerStarts.ObjectInstanceId("DataUpdate", "sources/discord/x.jsonl", "\"0x8DC\"");
        string b = TriggerStarts.ObjectInstanceId("DataUpdate", "sources/discord/x.jsonl", "0x8DC");
        string changed = TriggerStarts.ObjectInstanceId("DataUpdate", "sources/discord/x.jsonl", "0x8DD");

        Assert.Equal(a, b);
        Assert.NotEqual(a, changed);
        Assert.Matches("^DataUpdate-object-[0-9a-f]{24}$", a);
    }

    [Fact]
    public void ParseMessage_NotJson_Throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => TriggerStarts.ParseMessage("nope", "ModelUpdateOrchestration"));
    }

    [Fact]
    public void ParseMessage_InputTheOrchestrationCannotRead_ThrowsInvalidData()
    {
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => TriggerStarts.ParseMessage("""{"total":3}""", "ModelUpdateOrchestration"));

        Assert.Contains("datasetVersion", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("v1", TriggerStarts.ParseMessage("""{"datasetVersion":"v1","total":3}""", "ModelUpdateOrchestration").GetProperty("datasetVersion").GetString());
    }

    [Fact]
    public void LatestOccurrence_JustAfterAnOccurrence_ReturnsThatOccurrence()
    {
        var now = new DateTimeOffset(2026, 11, 29, 10, 5, 0, 300, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 10, 5, 0, TimeSpan.Zero), CronSchedule.LatestOccurrence("0 */5 * * * *", now));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero), CronSchedule.LatestOccurrence("0 0 */6 * * *", now));
    }

    [Theory]
    [InlineData("0 0 */6 * * *", true)]
    [InlineData("*/5 * * * *", false)]
    [InlineData("every hour", false)]
    [InlineData("", false)]
    public void IsValid_Expression_AcceptsSixFieldCronOnly(string expression, bool valid)
    {
        Assert.Equal(valid, CronSchedule.IsValid(expression));
    }

    [Fact]
    public void TryGetOrchestrationName_AnyCase_ReturnsTheRegisteredName()
    {
        Assert.True(PipelineTasks.TryGetOrchestrationName("runtimecheckORCHESTRATION", out string name));
        Assert.Equal("RuntimeCheckOrchestration", name);
        Assert.False(PipelineTasks.TryGetOrchestrationName("RuntimeCheckStepActivity", out _));
    }
}
