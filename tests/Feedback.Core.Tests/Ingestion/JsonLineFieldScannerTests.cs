using System.Text;
using System.Text.Json;
using Feedback.Core.Ingestion;
using Feedback.Testing;

namespace Feedback.Core.Tests.Ingestion;

/// <summary>
/// The hand-written scanner against <see cref="Utf8JsonReader"/>: whatever it accepts, the reader must read as one
/// valid object with the same field values. It may leave a line to the reader, never disagree with it.
/// </summary>
public sealed class JsonLineFieldScannerTests
{
    private const string Row = """{"id":"1","content":"Myst is good","timestamp":"2026-11-01T09:02:24Z","viggo_mr":"inform(name[Myst])"}""";

    // Bytes that change JSON's meaning, and some that do not.
    private static readonly byte[] Alphabet = Encoding.UTF8.GetBytes("{}[]\":,\\/bfnrtuE0129-+.ea x\t\n\r").Concat(new byte[] { 0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF }).ToArray();

    public static TheoryData<string> Formats() => ["discord", "twitch", "api"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void TryLocate_ExportLinesAndTheirMutations_AgreesWithTheReaderWheneverItAccepts(string format)
    {
        SourceRowReaders.TryGet(format, out ISourceRowReader reader);
        List<byte[]> lines = [.. ExportLines(format)];
        var random = new Random(19);
        int accepted = 0, refused = 0, broken = 0, plainAccepted = 0, plain = 0;

        foreach (byte[] line in lines)
        {
            bool fast = Check(reader.Fields, line);
            if (IsPlain(reader.Fields, line))
            {
                plain++;
                plainAccepted += fast ? 1 : 0;
            }

            for (int m = 0; m < 40; m++)
            {
                byte[] mutated = Mutate(line, random);
                broken += JsonLineFieldScanner.Scan(reader.Fields, mutated, out _) == LineScan.Broken ? 1 : 0;
                if (Check(reader.Fields, mutated))
                {
                    accepted++;
                }
                else
                {
                    refused++;
                }
            }
        }

        // Not vacuous: every plain line is the scanner's own, and mutations land on both sides.
        Assert.True(plain > 20, $"{plain} plain lines");
        Assert.Equal(plain, plainAccepted);
        Assert.True(accepted > 500 && refused > 500 && broken > 500, $"{accepted} mutations accepted, {refused} refused ({broken} as broken)");
    }

    [Theory]
    [InlineData("""{"id":"1","content":"x","timestamp":"t",}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":[1,]}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":[,1]}""")]
    [InlineData("""{,"id":"1","content":"x","timestamp":"t"}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":01}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":-}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":1.}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":.5}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":1e}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":1e+}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":+1}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":1x}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":tru}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":truex}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":True}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":nul}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":"\x"}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":"\u12G4"}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":"\u12"}""")]
    [InlineData("{\"id\":\"1\",\"content\":\"x\",\"timestamp\":\"t\",\"a\":\"tab\tinside\"}")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":{"b":1}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a":[1}]}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","a" 1}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t"} x""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t"}{}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t"}]""")]
    [InlineData("{\"id\":\"1\",\"content\":\"x\",\"timestamp\":\"t\"")]
    [InlineData("{\"id\":\"1\",\"content\":\"x\",\"timestamp\":\"t\\\"")]
    [InlineData("""[{"id":"1","content":"x","timestamp":"t"}]""")]
    [InlineData("""{'id':'1','content':'x','timestamp':'t'}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t" /* c */}""")]
    [InlineData("{\"id\":\"1\",\"content\":\"a control \u0001 character early in a long string, found by the wide compare\",\"timestamp\":\"t\"}")]
    [InlineData("{\"id\":\"1\",\"content\":\"a line feed \n early in a long string, found by the wide compare\",\"timestamp\":\"t\"}")]
    [InlineData("\uFEFF{\"id\":\"1\",\"content\":\"x\",\"timestamp\":\"t\"}")]
    public void TryLocate_InvalidJson_LeavesTheLine(string line)
    {
        SourceRowReaders.TryGet("discord", out ISourceRowReader reader);

        Assert.Equal(LineScan.Broken, JsonLineFieldScanner.Scan(reader.Fields, Encoding.UTF8.GetBytes(line), out _));
        Assert.False(IsOneObject(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","id":"2"}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","content":"y"}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","viggo_mr":null,"viggo_mr":"inform(name[Myst])"}""")]
    [InlineData("""{"id":1,"content":"x","timestamp":"t"}""")]
    [InlineData("""{"id":"1","content":["x"],"timestamp":"t"}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":null}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","viggo_mr":5}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","viggo_mr":{}}""")]
    [InlineData("""{"id":"1","content":"x"}""")]
    [InlineData("""{"id":"\u0031","content":"x","timestamp":"t"}""")]
    [InlineData("""{"\u0069d":"1","content":"x","timestamp":"t"}""")]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","o":{"n\u0061me":1}}""")]
    public void TryLocate_RepeatedMistypedMissingOrEscapedField_LeavesTheLineToTheReader(string line)
    {
        SourceRowReaders.TryGet("discord", out ISourceRowReader reader);

        Assert.Equal(LineScan.LeaveToReader, JsonLineFieldScanner.Scan(reader.Fields, Encoding.UTF8.GetBytes(line), out _));
        Assert.True(IsOneObject(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("""{"id":"1","content":"say \"hi\"","timestamp":"t"}""", "say \"hi\"")]
    [InlineData("""{"id":"1","content":"a\\b\/c\b\f\n\r\t\u00e9\ud83d\ude00","timestamp":"t"}""", "a\\b/c\b\f\n\r\t\u00e9\ud83d\ude00")]
    public void TryLocate_TextWithEscapes_FindsItAsWrittenAndUnescapesItAsTheReader(string line, string text)
    {
        SourceRowReaders.TryGet("discord", out ISourceRowReader reader);
        byte[] bytes = Encoding.UTF8.GetBytes(line);

        Assert.True(JsonLineFieldScanner.TryLocate(reader.Fields, bytes, out RowFieldSpans read));
        Assert.True(read.TextEscaped);
        Assert.True(JsonLineFieldScanner.TryUnescapeText(bytes, ref read, new RowScratch()));
        Assert.Equal(text, Encoding.UTF8.GetString(read.Text));
        Assert.True(Check(reader.Fields, bytes));
    }

    [Fact]
    public void TryUnescapeText_LoneSurrogate_RefusesTheTextAsTheReaderDoes()
    {
        SourceRowReaders.TryGet("discord", out ISourceRowReader reader);
        byte[] line = Encoding.UTF8.GetBytes("""{"id":"1","content":"half \ud83d of a pair","timestamp":"t"}""");

        Assert.True(JsonLineFieldScanner.TryLocate(reader.Fields, line, out RowFieldSpans read));
        Assert.False(JsonLineFieldScanner.TryUnescapeText(line, ref read, new RowScratch()));
        Assert.False(JsonReaderFieldLocator.TryLocate(reader.Fields, line, new RowScratch(), out _));
        Assert.False(Check(reader.Fields, line));
    }

    [Fact]
    public void TryLocate_NestingDeeperThanItsLimit_LeavesTheLineToTheReader()
    {
        SourceRowReaders.TryGet("discord", out ISourceRowReader reader);
        string deep = new string('[', JsonLineFieldScanner.MaxDepth) + new string(']', JsonLineFieldScanner.MaxDepth);
        string within = new string('[', JsonLineFieldScanner.MaxDepth - 1) + new string(']', JsonLineFieldScanner.MaxDepth - 1);
        byte[] tooDeep = Encoding.UTF8.GetBytes(Row[..^1] + $",\"deep\":{deep}}}");

        Assert.Equal(LineScan.LeaveToReader, JsonLineFieldScanner.Scan(reader.Fields, tooDeep, out _));
        Assert.True(JsonReaderFieldLocator.TryLocate(reader.Fields, tooDeep, new RowScratch(), out _));
        Assert.True(JsonLineFieldScanner.TryLocate(reader.Fields, Encoding.UTF8.GetBytes(Row[..^1] + $",\"deep\":{within}}}"), out _));
    }

    [Theory]
    [InlineData(" \t{ \"id\" : \"1\" ,\r\n\"content\":\"x\", \"timestamp\" :\"t\" } \r\n", null)]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","n":[-0.5e+10,1E5,0,-0,12.25,3e-2],"o":{},"a":[],"b":[[{}],[true,false,null]]}""", null)]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","other":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d"}""", null)]
    [InlineData("""{"id":"1","content":"x","timestamp":"t","viggo_mr":null}""", null)]
    [InlineData("""{"viggo_mr":"inform(name[Myst])","timestamp":"t","content":"x","id":"1"}""", "inform(name[Myst])")]
    [InlineData("""{"id":"1","author":{"id":"2","content":"not this","timestamp":"nor this"},"content":"x","timestamp":"t"}""", null)]
    public void TryLocate_ValidLine_FindsTheSameFieldsAsTheReader(string line, string? label)
    {
        SourceRowReaders.TryGet("discord", out ISourceRowReader reader);
        byte[] bytes = Encoding.UTF8.GetBytes(line);

        Assert.True(JsonLineFieldScanner.TryLocate(reader.Fields, bytes, out RowFieldSpans read));
        Assert.Equal("1", Encoding.UTF8.GetString(read.Id));
        Assert.Equal("x", Encoding.UTF8.GetString(read.Text));
        Assert.Equal("t", Encoding.UTF8.GetString(read.Time));
        Assert.Equal(label is not null, read.Labelled);
        Assert.Equal(label ?? string.Empty, Encoding.UTF8.GetString(read.Label));
        Assert.True(Check(reader.Fields, bytes));
    }

    [Fact]
    public void TryLocate_TwitchTextOneObjectDown_FindsItOnlyThere()
    {
        SourceRowReaders.TryGet("twitch", out ISourceRowReader reader);
        byte[] line = Encoding.UTF8.GetBytes("""{"text":"top","message_id":"m","message":{"fragments":[{"text":"frag"}],"text":"hello"},"sent_at":"t"}""");
        byte[] parentNotObject = Encoding.UTF8.GetBytes("""{"message_id":"m","message":"hello","sent_at":"t"}""");

        Assert.True(JsonLineFieldScanner.TryLocate(reader.Fields, line, out RowFieldSpans read));
        Assert.Equal("hello", Encoding.UTF8.GetString(read.Text));
        Assert.False(JsonLineFieldScanner.TryLocate(reader.Fields, parentNotObject, out _));
    }

    [Fact]
    public void Scan_LinesOfEveryLengthAcrossBlocksAndPastTheStackMap_AgreesWithTheReader()
    {
        // The scan marks a line's string stops 64 bytes at a time, lines over 4 KiB in a pooled map: each length from
        // 40 to 300 bytes, and lines around 4 KiB and far past it, with the closing quote, an escape or a control
        // character at every place relative to a block's end.
        SourceRowReaders.TryGet("discord", out ISourceRowReader reader);
        int found = 0, broken = 0;
        foreach (int padding in Enumerable.Range(0, 260).Concat(Enumerable.Range(3980, 140)).Append(10_000).Append(70_000))
        {
            string content = new('x', padding);
            byte[] plain = Encoding.UTF8.GetBytes($$"""{"id":"1","timestamp":"t","content":"{{content}}"}""");
            byte[] escaped = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"timestamp\":\"t\",\"content\":\"x\",\"other\":\"" + content + "\\\"q\"}");
            byte[] control = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"timestamp\":\"t\",\"content\":\"x\",\"other\":\"" + content + "\\u0001\u0001\"}");
            byte[] unterminated = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"timestamp\":\"t\",\"content\":\"" + content);

            Assert.Equal(LineScan.Found, JsonLineFieldScanner.Scan(reader.Fields, plain, out RowFieldSpans read));
            Assert.Equal(content, Encoding.UTF8.GetString(read.Text));
            Assert.True(Check(reader.Fields, plain));
            Assert.True(Check(reader.Fields, escaped));
            Assert.Equal(LineScan.Broken, JsonLineFieldScanner.Scan(reader.Fields, control, out _));
            Assert.Equal(LineScan.Broken, JsonLineFieldScanner.Scan(reader.Fields, unterminated, out _));
            Assert.False(Check(reader.Fields, control));
            found += 2;
            broken += 2;
        }

        Assert.True(found > 800 && broken > 800);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(127)]
    [InlineData(5000)]
    public void Scan_ByteOutsideAscii_SaysTheLineIsNotAscii(int at)
    {
        // The text's position decides which block (and whether the stack map or the pooled one) holds the byte.
        SourceRowReaders.TryGet("discord", out ISourceRowReader reader);
        string before = new('x', at);
        byte[] ascii = Encoding.UTF8.GetBytes($$"""{"id":"1","timestamp":"t","content":"{{before}}e"}""");
        byte[] accented = Encoding.UTF8.GetBytes($$"""{"id":"1","timestamp":"t","content":"{{before}}é"}""");
        byte[] invalid = [.. ascii];
        invalid[Array.LastIndexOf(invalid, (byte)'e')] = 0xFF;

        Assert.Equal(LineScan.Found, JsonLineFieldScanner.Scan(reader.Fields, ascii, out _, out bool isAscii));
        Assert.True(isAscii);
        Assert.Equal(LineScan.Found, JsonLineFieldScanner.Scan(reader.Fields, accented, out _, out isAscii));
        Assert.False(isAscii);
        JsonLineFieldScanner.Scan(reader.Fields, invalid, out _, out isAscii);
        Assert.False(isAscii);
    }

    /// <summary>
    /// Runs both locators: when the scanner accepts, asserts the reader accepts with the same fields; when it calls
    /// the line broken, asserts the reader refuses it.
    /// </summary>
    private static bool Check(SourceFields fields, byte[] line)
    {
        LineScan scan = JsonLineFieldScanner.Scan(fields, line, out RowFieldSpans a);
        string shown = Encoding.UTF8.GetString(line);
        if (scan == LineScan.Broken)
        {
            Assert.False(IsOneObject(line), $"the scanner called broken what the reader accepts: {shown}");
        }

        if (scan != LineScan.Found)
        {
            return false;
        }

        Assert.True(IsOneObject(line), $"the scanner accepted what the reader refuses: {shown}");

        // A text found as written is unescaped as the reader's locator does, or refused where it refuses.
        bool unescaped = JsonLineFieldScanner.TryUnescapeText(line, ref a, new RowScratch());
        bool located = JsonReaderFieldLocator.TryLocate(fields, line, new RowScratch(), out RowFieldSpans b);
        Assert.True(unescaped == located, $"the scanner's text {(unescaped ? "unescaped" : "refused")}, the reader's locator {(located ? "accepts" : "refuses")}: {shown}");
        if (!unescaped)
        {
            return false;
        }

        Assert.False(a.TextEscaped);
        Assert.True(a.Id.SequenceEqual(b.Id), shown);
        Assert.True(a.Text.SequenceEqual(b.Text), shown);
        Assert.True(a.Time.SequenceEqual(b.Time), shown);
        Assert.True(a.Label.SequenceEqual(b.Label), shown);
        Assert.Equal(b.Labelled, a.Labelled);
        return true;
    }

    /// <summary>A line the reader accepts and whose text needs no unescaping: the scanner must take it itself.</summary>
    private static bool IsPlain(SourceFields fields, byte[] line) =>
        JsonReaderFieldLocator.TryLocate(fields, line, new RowScratch(), out RowFieldSpans read)
        && !line.AsSpan().Contains((byte)'\\') && read.Text.Overlaps(line);

    private static bool IsOneObject(byte[] line)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Mutate(byte[] line, Random random)
    {
        var bytes = new List<byte>(line);
        int edits = 1 + random.Next(2);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    bytes[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    // A structural byte next to another: the places where brackets, commas and quotes meet.
                    int structural = bytes.FindIndex(at, b => b is (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)',' or (byte)':' or (byte)'"');
                    if (structural >= 0)
                    {
                        bytes.Insert(structural + random.Next(2), Alphabet[random.Next(8)]);
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static IEnumerable<byte[]> ExportLines(string format)
    {
        if (format == "api")
        {
            int n = 0;
            foreach (string line in File.ReadLines(Path.Combine(RepositoryPaths.Data, "curated", "train-100.jsonl")))
            {
                using JsonDocument pair = JsonDocument.Parse(line);
                string text = JsonSerializer.Serialize(pair.RootElement.GetProperty("text").GetString());
                string mr = JsonSerializer.Serialize(pair.RootElement.GetProperty("mr").GetString());
                yield return Encoding.UTF8.GetBytes($$"""{"id":"api-{{n++}}","text":{{text}},"receivedAt":"2026-11-01T00:00:00Z","mr":{{mr}}}""");
            }

            foreach (byte[] line in MalformedSourceRows.Api())
            {
                yield return line;
            }

            yield break;
        }

        foreach (string file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Data, "sources", format), "*.jsonl"))
        {
            foreach (string line in File.ReadLines(file).Take(150))
            {
                yield return Encoding.UTF8.GetBytes(line);
            }
        }

        foreach (string line in format == "twitch" ? MalformedSourceRows.Twitch : MalformedSourceRows.Discord)
        {
            yield return Encoding.UTF8.GetBytes(line);
        }
    }
}
