using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.SampleData.Tests;

public class SampleDatasetTests
{
    private static readonly IReadOnlyList<GeneratedFile> Files = SampleDataset.Generate();

    [Fact]
    public void Generate_SameSeed_SameBytes()
    {
        var again = SampleDataset.Generate();

        Assert.Equal(Files, again);
    }

    [Fact]
    public void Generate_OtherSeed_OtherData()
    {
        var other = SampleDataset.Generate(new SampleDataOptions { Seed = 7 });

        Assert.NotEqual(Files.Single(f => f.Path == "test/test.jsonl").Content, other.Single(f => f.Path == "test/test.jsonl").Content);
    }

    [Fact]
    public void Generate_DefaultSeed_MatchesTheCommittedDataFolder()
    {
        foreach (var file in Files)
        {
            var committed = File.ReadAllText(Path.Combine(RepositoryPaths.Data, file.Path));
            Assert.True(string.Equals(file.Content, committed, StringComparison.Ordinal), $"data/{file.Path} differs from the generator: run `feedback data generate`");
        }
    }

    [Fact]
    public void Generate_Sets_HaveTheirSizesAndEveryMrIsValid()
    {
        Assert.Equal(100, Pairs("curated/train-100.jsonl").Count);
        Assert.Equal(500, Pairs("expansion/train-500.jsonl").Count);
        var test = Pairs("test/test.jsonl");
        Assert.True(test.Count >= 300);
        foreach (var (_, mr) in Pairs("curated/train-100.jsonl").Concat(Pairs("expansion/train-500.jsonl")).Concat(test))
        {
            var check = MrCheck.Check(mr);
            Assert.True(check.IsValid, $"{mr}: {check.Reason}");
        }
    }

    [Fact]
    public void Generate_TestSet_IsDisjointFromTrainingByText()
    {
        static string Key(string text) => FeedbackText.Normalize(text).ToLowerInvariant();
        var training = Pairs("curated/train-100.jsonl").Concat(Pairs("expansion/train-500.jsonl")).Concat(Pairs("arrivals-pairs"))
            .Select(p => Key(p.Text)).ToHashSet();

        Assert.DoesNotContain(Pairs("test/test.jsonl"), p => training.Contains(Key(p.Text)));
    }

    [Fact]
    public void Generate_EverySet_CoversEveryDialogueAct()
    {
        foreach (var set in new[] { "curated/train-100.jsonl", "expansion/train-500.jsonl", "test/test.jsonl" })
        {
            var acts = Pairs(set).Select(p => MeaningRepresentation.Parse(p.Mr).Act).ToHashSet();
            Assert.Equal(Enum.GetValues<DialogueAct>().Length, acts.Count);
        }
    }

    [Fact]
    public void Generate_Utterances_AreVariedNotAHandfulOfTemplates()
    {
        var texts = Pairs("expansion/train-500.jsonl").Select(p => p.Text).ToList();
        // Distinct first three words: a proxy for how many ways sentences start.
        var openings = texts.Select(t => string.Join(' ', t.ToLowerInvariant().Split(' ').Take(3))).Distinct().Count();

        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.True(openings > 150, $"only {openings} distinct openings");
        Assert.Contains(texts, t => t.Any(c => char.IsSurrogate(c)));   // emoji
        Assert.Contains(texts, t => string.Equals(t, t.ToLowerInvariant(), StringComparison.Ordinal)); // players who never press shift
    }

    [Fact]
    public void Generate_SourceExports_CarryTheExpansionAndTheirExpectedCounts()
    {
        var expected = JsonNode.Parse(Files.Single(f => f.Path == "expected.json").Content)!;
        var expansion = Pairs("expansion/train-500.jsonl").Select(p => (FeedbackText.Normalize(p.Text).ToLowerInvariant(), p.Mr)).ToHashSet();
        var labelledInExports = new HashSet<(string, string)>();
        foreach (var path in new[] { "sources/discord/2026-11-01.jsonl", "sources/twitch/2026-11-01.jsonl" })
        {
            var rows = Lines(path).Select(l => JsonNode.Parse(l)!).ToList();
            Assert.Equal(expected[path]!["rows"]!.GetValue<int>(), rows.Count);
            Assert.Equal(expected[path]!["unlabelled"]!.GetValue<int>(), rows.Count(r => r["viggo_mr"] is null));
            foreach (var row in rows.Where(r => r["viggo_mr"] is not null))
            {
                var text = (string?)row["content"] ?? (string)row["message"]!["text"]!;
                labelledInExports.Add((FeedbackText.Normalize(text).ToLowerInvariant(), (string)row["viggo_mr"]!));
            }
        }

        Assert.Equal(expansion, labelledInExports);
    }

    [Fact]
    public void Generate_DiscordRows_HaveTheDiscordMessageShape()
    {
        var row = JsonNode.Parse(Lines("sources/discord/2026-11-01.jsonl").First())!.AsObject();

        foreach (var field in new[] { "id", "channel_id", "author", "content", "timestamp" }) Assert.True(row.ContainsKey(field), field);
        Assert.True(DateTimeOffset.TryParse((string)row["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture, out _));
        var twitch = JsonNode.Parse(Lines("sources/twitch/2026-11-01.jsonl").First())!.AsObject();
        foreach (var field in new[] { "message_id", "chatter_user_login", "broadcaster_user_id", "message", "sent_at" }) Assert.True(twitch.ContainsKey(field), field);
    }

    private static string[] Lines(string path) =>
        Files.Single(f => f.Path == path).Content.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static List<(string Text, string Mr)> Pairs(string path)
    {
        if (path == "arrivals-pairs")
        {
            return Lines("arrivals/discord/2026-11-08.jsonl").Select(l => JsonNode.Parse(l)!)
                .Select(n => ((string)n["content"]!, (string?)n["viggo_mr"] ?? "")).ToList();
        }
        return Lines(path).Select(l => JsonSerializer.Deserialize<JsonObject>(l)!).Select(o => ((string)o["text"]!, (string)o["mr"]!)).ToList();
    }
}
