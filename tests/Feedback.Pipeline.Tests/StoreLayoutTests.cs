namespace Feedback.Pipeline.Tests;

public sealed class StoreLayoutTests
{
    [Theory]
    [InlineData("ModelUpdateOrchestration-dataset-abc-rollout", "report.html")]
    [InlineData("rollout-1", "report.md")]
    public void ReportRollout_KeyBuiltByReport_GivesBackTheRollout(string rollout, string file) =>
        Assert.Equal(rollout, StoreLayout.ReportRollout(StoreLayout.Report(rollout, file)));

    [Theory]
    [InlineData("registry/models.json")]
    [InlineData("reports/")]
    [InlineData("reportsx/a/report.html")]
    public void ReportRollout_KeyThatIsNotAReport_IsNull(string key) =>
        Assert.Null(StoreLayout.ReportRollout(key));
}
