using Feedback.Host.Cli;

namespace Feedback.Host.Tests;

[Collection(HeapMeasurements.Name)]
public class DataValidateMemoryTests
{
    [Fact]
    public async Task Validate_MillionsOfLines_StreamsInConstantMemory()
    {
        // 200k lines (~30 MB) through the validator: the managed heap must not grow with the file.
        var path = Path.Combine(Path.GetTempPath(), $"validate-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var writer = new StreamWriter(path))
            {
                for (var i = 0; i < 200_000; i++)
                    await writer.WriteLineAsync($"{{\"text\":\"what's the most fun game number {i}?\",\"mr\":\"request(specifier[fun])\"}}");
            }
            GC.Collect();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var output = new StringWriter();

            var code = await Run(output, "data", "validate", path);

            var after = GC.GetTotalMemory(forceFullCollection: true);
            Assert.Equal(0, code);
            Assert.Contains("200000 lines, 200000 valid", output.ToString(), StringComparison.Ordinal);
            Assert.True(after - before < 8 * 1024 * 1024, $"heap grew by {(after - before) / 1024} KiB");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Task<int> Run(StringWriter output, params string[] args) =>
        FeedbackCommandLine.Build(output, output).Parse(args).InvokeAsync();
}
