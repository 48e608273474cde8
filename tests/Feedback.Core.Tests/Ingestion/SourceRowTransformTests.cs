using System.Text;
using System.Text.Json;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;

namespace Feedback.Core.Tests.Ingestion;

public sealed class SourceRowTransformTests
{
    [Fact]
    public async Task Transform_RoughDiscordExport_QuarantinesExactlyTheExpectedReasons()
    {
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Data, "expected.json")));
        JsonElement rough = expected.RootElement.GetProperty("sources/discord/2026-11-02.jsonl");
        SourceRowReaders.TryGet("discord", out ISourceRowReader reader);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        int accepted = 0;

        await using FileStream file = File.OpenRead(Path.Combine(RepositoryPaths.Data, "sources", "discord", "2026-11-02.jsonl"));
        await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(file))
        {
            RowOutcome outcome = SourceRowTransform.Transform(reader, "discord", line);
            if (outcome.Accepted)
            {
                accepted++;
            }
            else
            {
                string code = outcome.Reason!.Value.Code();
                reasons[code] = reasons.GetValueOrDefault(code) + 1;
            }
        }

        Assert.Equal(rough.GetProperty("labelled").GetInt32() + rough.GetProperty("unlabelled").GetInt32(), accepted);
        Assert.Equal(
            rough.GetProperty("quarantined").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()).OrderBy(p => p.Key, StringComparer.Ordinal),
            reasons.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Transform_TwitchRow_MapsAndNormalises()
    {
        SourceRowReaders.TryGet("twitch", out ISourceRowReader reader);
        RowOutcome outcome = Transform(reader, """{"message_id":"m1","sent_at":"2026-11-01T12:01:35.298Z","message":{"text":"  Is   Portal 2 good?\u200B "},"viggo_mr":"verify_attribute(name[Portal 2], rating[excellent], has_multiplayer[yes])"}""");

        Assert.True(outcome.Accepted);
        Assert.Equal("Is Portal 2 good?", outcome.Record!.Text);
        Assert.Equal("m1", outcome.Record.Id);
        Assert.Equal("twitch", outcome.Record.Source);
        Assert.Equal(Mr.DialogueAct.VerifyAttribute, outcome.Act);
    }

    [Theory]
    [InlineData("""[1,2]""", QuarantineReason.NotAnObject)]
    [InlineData("""{"message_id":"m","sent_at":"yesterday","message":{"text":"x"}}""", QuarantineReason.BadTimestamp)]
    [InlineData("""{"message_id":"m","sent_at":"2026-11-01T00:00:00Z","message":"x"}""", QuarantineReason.WrongType)]
    [InlineData("""{"message_id":"m","sent_at":"2026-11-01T00:00:00Z"}""", QuarantineReason.MissingField)]
    [InlineData("""{"message_id":"m","sent_at":"2026-11-01T00:00:00Z","message":{"text":"hi"},"viggo_mr":"inform(name[X]"}""", QuarantineReason.InvalidMr)]
    [InlineData("""{"message_id":"m","sent_at":"2026-11-01T00:00:00Z","message":{"text":"hi"},"viggo_mr":7}""", QuarantineReason.WrongType)]
    public void Transform_BadTwitchRow_IsQuarantinedWithItsReason(string json, QuarantineReason reason)
    {
        SourceRowReaders.TryGet("twitch", out ISourceRowReader reader);

        RowOutcome outcome = Transform(reader, json);

        Assert.False(outcome.Accepted);
        Assert.Equal(reason, outcome.Reason);
        Assert.False(string.IsNullOrEmpty(outcome.Message));
    }

    [Fact]
    public void Transform_InvalidUtf8AndOverlongLine_AreQuarantined()
    {
        SourceRowReaders.TryGet("api", out ISourceRowReader reader);

        Assert.Equal(QuarantineReason.InvalidUtf8, SourceRowTransform.Transform(reader, "api", new JsonlLine(1, new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' }, false)).Reason);
        Assert.Equal(QuarantineReason.TooLong, SourceRowTransform.Transform(reader, "api", new JsonlLine(2, ReadOnlyMemory<byte>.Empty, true)).Reason);
    }

    [Fact]
    public void IsValidation_SameKey_AlwaysSameSideAndAboutTheShareAsked()
    {
        int valid = Enumerable.Range(0, 10_000).Count(i => DatasetSplit.IsValidation(Records.FeedbackText.ContentKey($"text {i}", null), 10));

        Assert.InRange(valid, 850, 1150);
        Assert.Equal(DatasetSplit.IsValidation("0000000aff", 10), DatasetSplit.IsValidation("0000000aff", 10));
        Assert.True(DatasetSplit.IsValidation("00000000ff", 10));
    }

    [Fact]
    public void Transform_LoneSurrogateEscape_IsQuarantinedAsBrokenJsonNotThrown()
    {
        SourceRowReaders.TryGet("api", out ISourceRowReader reader);
        RowOutcome outcome = Transform(reader, """{"id":"a","text":"half an emoji \ud83d","receivedAt":"2026-11-01T00:00:00Z"}""");

        Assert.Equal(QuarantineReason.BrokenJson, outcome.Reason);
        Assert.Contains("surrogate", outcome.Message, StringComparison.Ordinal);
    }

    private static RowOutcome Transform(ISourceRowReader reader, string json) =>
        SourceRowTransform.Transform(reader, reader.Format, new JsonlLine(1, Encoding.UTF8.GetBytes(json), false));
}

public sealed class NormalizeFastPathTests
{
    [Fact]
    public void Normalize_AsciiFastPath_AgreesWithTheFullRules()
    {
        var random = new Random(7);
        char[] alphabet = ['a', 'B', ' ', ' ', '\t', '\n', '!', '~', '\u00A0', '\u200B', 'é', '\u0001'];
        for (int i = 0; i < 20_000; i++)
        {
            string text = new(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(Reference(text), Records.FeedbackText.Normalize(text));
        }
    }

    private static string Reference(string text)
    {
        string nfkc = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder();
        bool pending = false;
        foreach (char c in nfkc)
        {
            if (char.IsWhiteSpace(c))
            {
                pending = sb.Length > 0;
                continue;
            }

            if (char.IsControl(c) || c is '\u200B' or '\uFEFF')
            {
                continue;
            }

            if (pending)
            {
                sb.Append(' ');
                pending = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
