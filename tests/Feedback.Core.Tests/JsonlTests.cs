using System.Text;
using Feedback.Core.Datasets;
using Feedback.Core.FineTuning;
using Feedback.Core.Jsonl;

namespace Feedback.Core.Tests;

public class JsonlTests
{
    [Fact]
    public async Task ReadLinesAsync_MixedEndings_YieldsNumberedNonBlankLines()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFF{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}");
        var lines = new List<(long, string)>();

        await foreach (var line in JsonlReader.ReadLinesAsync(new MemoryStream(bytes)))
            lines.Add((line.Number, Encoding.UTF8.GetString(line.Bytes.Span)));

        Assert.Equal([(1, "{\"a\":1}"), (4, "{\"b\":2}"), (5, "{\"c\":3}")], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_LineOverTheLimit_IsReportedAndSkipped()
    {
        var huge = new string('x', 5000);
        var bytes = Encoding.UTF8.GetBytes($"{{\"a\":1}}\n\"{huge}\"\n{{\"b\":2}}\n");
        var lines = new List<JsonlLine>();

        await foreach (var line in JsonlReader.ReadLinesAsync(new MemoryStream(bytes), maxLineBytes: 1024))
            lines.Add(line with { Bytes = line.Bytes.ToArray() });

        Assert.Equal(3, lines.Count);
        Assert.True(lines[1].TooLong);
        Assert.Equal(2, lines[1].Number);
        Assert.Equal("{\"b\":2}", Encoding.UTF8.GetString(lines[2].Bytes.Span));
    }

    [Fact]
    public async Task ReadLinesAsync_ManyLinesAcrossBufferBoundaries_ReadsEveryLine()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 20_000; i++) sb.Append("{\"i\":").Append(i).Append("}\n");
        var count = 0L;
        var last = "";

        await foreach (var line in JsonlReader.ReadLinesAsync(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString()))))
        {
            count++;
            last = Encoding.UTF8.GetString(line.Bytes.Span);
        }

        Assert.Equal(20_000, count);
        Assert.Equal("{\"i\":19999}", last);
    }

    [Fact]
    public async Task WriteThenValidate_ChatExamples_RoundTripAsValid()
    {
        var stream = new MemoryStream();
        await using (var writer = new JsonlWriter(stream, leaveOpen: true))
        {
            await writer.WriteAsync(ChatExample.Create("Is Deus Ex by Eidos Montréal any good?", "give_opinion(name[Deus Ex: Mankind Divided], developer[Eidos Montréal], rating[good])"), CoreJsonContext.Default.ChatExample);
            await writer.WriteAsync(new LabelledText("any fun games?", "request(specifier[fun])"), CoreJsonContext.Default.LabelledText);
        }
        stream.Position = 0;
        var text = Encoding.UTF8.GetString(stream.ToArray());
        stream.Position = 0;

        var summary = await LabelledFileValidator.ValidateAsync(stream, _ => Assert.Fail("no line should be invalid"));

        Assert.Contains("Eidos Montréal", text, StringComparison.Ordinal);
        Assert.Equal(2, summary.Lines);
        Assert.True(summary.AllValid);
        Assert.Equal(1, summary.ByAct[Mr.DialogueAct.GiveOpinion]);
    }

    [Fact]
    public async Task ValidateAsync_BadLines_ReportsEachWithLineNumberAndReason()
    {
        var lines = new[]
        {
            "{\"text\":\"ok\",\"mr\":\"request(specifier[fun])\"}",
            "{\"text\":\"broken\"",
            "{\"text\":\"no mr\"}",
            "{\"text\":\"bad act\",\"mr\":\"greet(name[X])\"}",
            "{\"text\":\"\",\"mr\":\"request(specifier[fun])\"}",
            "[1,2]",
            "{\"messages\":[{\"role\":\"system\",\"content\":\"other prompt\"},{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"request(specifier[fun])\"}]}",
            "{\"text\":\"wrong type\",\"mr\":42}",
        };
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines)).Concat(new byte[] { (byte)'\n', 0xC3, 0x28, (byte)'\n' }).ToArray();
        var invalid = new List<InvalidLine>();

        var summary = await LabelledFileValidator.ValidateAsync(new MemoryStream(bytes), invalid.Add);

        Assert.Equal(9, summary.Lines);
        Assert.Equal(1, summary.Valid);
        Assert.False(summary.AllValid);
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8, 9], invalid.Select(i => i.LineNumber));
        Assert.StartsWith("broken JSON", invalid[0].Reason, StringComparison.Ordinal);
        Assert.Equal("missing string field 'mr'", invalid[1].Reason);
        Assert.Contains("unknown dialogue act", invalid[2].Reason, StringComparison.Ordinal);
        Assert.Equal("empty text", invalid[3].Reason);
        Assert.Equal("not a JSON object", invalid[4].Reason);
        Assert.Contains("system prompt", invalid[5].Reason, StringComparison.Ordinal);
        Assert.Equal("missing string field 'mr'", invalid[6].Reason);
        Assert.Equal("invalid UTF-8", invalid[7].Reason);
    }

    [Fact]
    public void SystemPrompt_NamesEveryActAndAttribute()
    {
        foreach (var act in Mr.ViggoOntology.Acts) Assert.Contains(act.WireName, ViggoPrompt.System, StringComparison.Ordinal);
        foreach (var attribute in Mr.ViggoOntology.Attributes) Assert.Contains(attribute.WireName, ViggoPrompt.System, StringComparison.Ordinal);
    }
}
