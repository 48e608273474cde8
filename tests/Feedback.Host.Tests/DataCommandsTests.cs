using Feedback.Host.Cli;

namespace Feedback.Host.Tests;

public class DataCommandsTests
{
    [Theory]
    [InlineData("curated/train-100.jsonl")]
    [InlineData("expansion/train-500.jsonl")]
    [InlineData("test/test.jsonl")]
    [InlineData("sources/discord/2026-11-01.jsonl")]
    [InlineData("sources/twitch/2026-11-01.jsonl")]
    [InlineData("arrivals/discord/2026-11-08.jsonl")]
    public async Task Validate_CommittedLabelledFile_IsAllValidAndExitsZero(string file)
    {
        var output = new StringWriter();

        var code = await Run(output, "data", "validate", Path.Combine(RepositoryPaths.Data, file));

        Assert.Equal(0, code);
        Assert.Contains(" 0 invalid", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_RoughExport_ReportsEachMalformedLineAndExitsOne()
    {
        var output = new StringWriter();

        var code = await Run(output, "data", "validate", Path.Combine(RepositoryPaths.Data, "sources/discord/2026-11-02.jsonl"));

        Assert.Equal(1, code);
        var text = output.ToString();
        Assert.Contains("2026-11-02.jsonl:2: broken JSON", text, StringComparison.Ordinal);
        Assert.Contains("2026-11-02.jsonl:5: missing field 'content'", text, StringComparison.Ordinal);
        Assert.Contains("2026-11-02.jsonl:12: not an MR at 0: unknown dialogue act 'praise'", text, StringComparison.Ordinal);
        Assert.Contains("16 invalid", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsOne()
    {
        var output = new StringWriter();

        Assert.Equal(1, await Run(output, "data", "validate", "/nonexistent/file.jsonl"));
        Assert.Contains("no such file", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_Check_CommittedDataMatches()
    {
        var output = new StringWriter();

        Assert.Equal(0, await Run(output, "data", "generate", "--check", "--output", RepositoryPaths.Data));
    }

    [Fact]
    public async Task Generate_IntoEmptyFolder_ThenCheckPasses()
    {
        var dir = Directory.CreateTempSubdirectory("gen-");
        try
        {
            Assert.Equal(0, await Run(new StringWriter(), "data", "generate", "--output", dir.FullName, "--seed", "42"));
            Assert.Equal(0, await Run(new StringWriter(), "data", "generate", "--check", "--output", dir.FullName, "--seed", "42"));
            Assert.Equal(1, await Run(new StringWriter(), "data", "generate", "--check", "--output", dir.FullName, "--seed", "43"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static Task<int> Run(StringWriter output, params string[] args) =>
        FeedbackCommandLine.Build(output, output).Parse(args).InvokeAsync();
}
