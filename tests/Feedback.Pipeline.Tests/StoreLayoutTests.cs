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

    [Fact]
    public void JobSubmissionClaim_PlainJobName_IsKeyedByTheName() =>
        Assert.Equal("state/job-submissions/viggo-ft-8368143df1c8ea7e-94a5c0f3-a1.json", StoreLayout.JobSubmissionClaim("viggo-ft-8368143df1c8ea7e-94a5c0f3-a1"));

    [Theory]
    [InlineData("../registry/models")]
    [InlineData("a job/with spaces")]
    [InlineData(".hidden")]
    public void JobSubmissionClaim_NameThatIsNotAPlainKey_IsHashedIntoTheFolder(string name)
    {
        string key = StoreLayout.JobSubmissionClaim(name);

        Assert.Matches("^state/job-submissions/[0-9a-f]{64}\\.json$", key);
        Assert.NotEqual(key, StoreLayout.JobSubmissionClaim(name + "x"));
    }
}
