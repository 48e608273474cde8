using System.Text.Json;

namespace Feedback.Pipeline.Tests;

public sealed class OrchestrationInputsTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Theory]
    [InlineData("RolloutOrchestration", "[1, 2]")]
    [InlineData("ModelUpdateOrchestration", "[]")]
    [InlineData("ModelUpdateOrchestration", "{}")]
    [InlineData("ModelUpdateOrchestration", """{"datasetVersion": null}""")]
    [InlineData("ModelUpdateOrchestration", """{"datasetVersion": 12}""")]
    [InlineData("ModelUpdateOrchestration", "\"v1\"")]
    [InlineData("StructureFeedbackOrchestration", """{"version": "v1"}""")]
    [InlineData("RuntimeCheckOrchestration", """{"timerSeconds": "soon"}""")]
    public void Problem_InputTheOrchestrationCannotRead_NamesTheOrchestrationAndItsShape(string orchestration, string input)
    {
        string? problem = OrchestrationInputs.Problem(orchestration, Json(input));

        Assert.NotNull(problem);
        Assert.Contains(orchestration, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ModelUpdateOrchestration", """{"datasetVersion": "dd0a3f9699dd5472", "force": true}""")]
    [InlineData("modelupdateorchestration", """{"DatasetVersion": "v1", "newLabelledRecords": 502, "total": 602}""")]
    [InlineData("RuntimeCheckOrchestration", "{}")]
    [InlineData("RuntimeCheckOrchestration", """{"timerSeconds": 5}""")]
    [InlineData("DataUpdateOrchestration", """[1, "anything"]""")]
    [InlineData("StructureFeedbackOrchestration", "\"v1\"")]
    public void Problem_InputOfTheRightShape_IsNone(string orchestration, string input)
    {
        Assert.Null(OrchestrationInputs.Problem(orchestration, Json(input)));
    }

    [Theory]
    [InlineData("ModelUpdateOrchestration", false)]
    [InlineData("RolloutOrchestration", false)]
    [InlineData("RuntimeCheckOrchestration", true)]
    [InlineData("DataUpdateOrchestration", true)]
    public void Problem_NoInput_IsRefusedOnlyWhereTheOrchestrationNeedsOne(string orchestration, bool accepted)
    {
        Assert.Equal(accepted, OrchestrationInputs.Problem(orchestration, null) is null);
        Assert.Equal(accepted, OrchestrationInputs.Problem(orchestration, Json("null")) is null);
    }

    [Fact]
    public void Problem_UnknownOrchestration_SaysSo()
    {
        Assert.Contains("no orchestration named", OrchestrationInputs.Problem("Nope", Json("{}")), StringComparison.Ordinal);
    }
}
