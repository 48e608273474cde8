using Feedback.Core.Corpora;

namespace Feedback.Core.Tests.Corpora;

public sealed class ViggoCorpusTests
{
    [Fact]
    public void Read_OriginalCsvWithQuotedCommasQuotesAndLineBreaks_ReturnsEachRecordInOrder()
    {
        const string csv = "mr,ref\r\n"
            + "\"inform(name[Dirt: Showdown], platforms[PlayStation, Xbox, PC])\",\" Dirt: Showdown is on PlayStation, Xbox and PC. \"\r\n"
            + "\"request(specifier[\"\"weird\"\"])\",\"Any \"\"weird\"\" games?\nTell me.\"\r\n"
            + "\"give_opinion(name[Myst], rating[good])\",Myst is good.\r\n";

        ViggoPair[] pairs = [.. ViggoCorpus.Read(new StringReader(csv))];

        Assert.Equal(3, pairs.Length);
        Assert.Equal(new ViggoPair(1, "Dirt: Showdown is on PlayStation, Xbox and PC.", "inform(name[Dirt: Showdown], platforms[PlayStation, Xbox, PC])"), pairs[0]);
        Assert.Equal(new ViggoPair(2, "Any \"weird\" games?\nTell me.", "request(specifier[\"weird\"])"), pairs[1]);
        Assert.Equal(3, pairs[2].Line);
        Assert.Equal("Myst is good.", pairs[2].Text);
    }

    [Fact]
    public void Read_GemCsv_TakesMeaningRepresentationAndTarget()
    {
        const string csv = "gem_id,meaning_representation,target,references\n"
            + "viggo-train-0,\"inform(name[Myst], rating[good])\",Myst is a good game.,\"['Myst is a good game.']\"\n";

        ViggoPair pair = Assert.Single(ViggoCorpus.Read(new StringReader(csv)));

        Assert.Equal(new ViggoPair(1, "Myst is a good game.", "inform(name[Myst], rating[good])"), pair);
    }

    [Fact]
    public void Read_JsonLinesOfBothNamings_SkipsBlankLinesAndPassesBrokenLinesOnEmpty()
    {
        const string jsonl = """
            {"text": " Is Myst fun? ", "mr": "verify_attribute(name[Myst], rating[excellent])"}

            {"target": "Myst is good.", "meaning_representation": "inform(name[Myst], rating[good])"}
            not json
            """;

        ViggoPair[] pairs = [.. ViggoCorpus.Read(new StringReader(jsonl))];

        Assert.Equal(3, pairs.Length);
        Assert.Equal(new ViggoPair(1, "Is Myst fun?", "verify_attribute(name[Myst], rating[excellent])"), pairs[0]);
        Assert.Equal("inform(name[Myst], rating[good])", pairs[1].Mr);
        Assert.Equal(new ViggoPair(4, string.Empty, string.Empty), pairs[2]);
    }

    [Theory]
    [InlineData("id,comment\n1,hello\n")]
    [InlineData("mr,text\n")]
    public void Read_NotViggo_ThrowsFormatExceptionNamingTheColumns(string content)
    {
        FormatException e = Assert.Throws<FormatException>(() => ViggoCorpus.Read(new StringReader(content)).ToList());

        Assert.Contains("meaning_representation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RealValidationSplit_ReadsEveryLineWithATextAndAnMr()
    {
        string path = Path.Combine(RepositoryPaths.Root, "..", "shared", "data", "viggo", "valid.jsonl");
        Assert.True(File.Exists(path), $"The real ViGGO splits are expected beside the checkout (CI copies ../shared): {path}");

        using var reader = new StreamReader(path);
        ViggoPair[] pairs = [.. ViggoCorpus.Read(reader)];

        Assert.Equal(714, pairs.Length);
        Assert.All(pairs, p => Assert.False(p.Text.Length == 0 || p.Mr.Length == 0));
    }
}
