using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.Ingestion;
using Feedback.Pipeline.DataUpdate;

namespace Feedback.Pipeline.Tests.Ingestion;

/// <summary>
/// The transformer (span path, chunks, overlap of reading, transforming and writing) against the transform
/// as it was (<see cref="ReferenceTransformer"/>): the same staged and quarantine bytes and the same counts,
/// on generated exports of every format, the bad-input corpus and rows made to reach every branch of the
/// span path, at one, two and three threads.
/// </summary>
public sealed class SourceTransformEquivalenceTests
{
    [Theory]
    [InlineData("discord")]
    [InlineData("twitch")]
    [InlineData("api")]
    public async Task TransformAsync_TrickyRows_SpanPathTakesTheOrdinaryOnesAndWritesTheReferenceBytes(string format)
    {
        SourceRowReaders.TryGet(format, out ISourceRowReader reader);
        byte[] export = [.. TrickyRows(format).SelectMany(r => Encoding.UTF8.GetBytes(r + "\n"))];

        var reference = await ReferenceTransformer.TransformAsync(reader, format, export);
        var accepted = new MemoryStream();
        var quarantined = new MemoryStream();
        await SourceObjectTransformer.TransformAsync(reader, format, new MemoryStream(export), accepted, quarantined, 1);

        AssertSameLines(reference.Accepted, accepted.ToArray());
        AssertSameLines(reference.Quarantined, quarantined.ToArray());
        int spanPath = SpanPathAccepted(reader, export);
        Assert.True(spanPath >= 50 && spanPath <= reference.Ok, $"the span path accepted {spanPath} of {reference.Ok}");
    }

    /// <summary>As platforms export: only what JSON requires is escaped.</summary>
    private static readonly JsonSerializerOptions AsExported = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string, int> Exports()
    {
        var data = new TheoryData<string, int>();
        foreach (string format in new[] { "discord", "twitch", "api" })
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                data.Add(format, threads);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task TransformAsync_GeneratedExport_WritesTheReferenceBytes(string format, int threads)
    {
        SourceRowReaders.TryGet(format, out ISourceRowReader reader);
        byte[] export = Export(format);

        var reference = await ReferenceTransformer.TransformAsync(reader, format, export);
        var accepted = new MemoryStream();
        var quarantined = new MemoryStream();
        SourceTransformCounts counts = await SourceObjectTransformer.TransformAsync(reader, format, new MemoryStream(export), accepted, quarantined, threads);

        Assert.True(reference.Ok > 4000 && reference.Rows - reference.Ok > 70, $"{reference.Ok} accepted, {reference.Rows - reference.Ok} quarantined");
        int spanPath = SpanPathAccepted(reader, export);
        Assert.True(spanPath > reference.Ok * 0.97, $"the span path accepted {spanPath} of the {reference.Ok} accepted rows");
        AssertSameLines(reference.Accepted, accepted.ToArray());
        AssertSameLines(reference.Quarantined, quarantined.ToArray());
        Assert.Equal(reference.Rows, counts.Rows);
        Assert.Equal(reference.Ok, counts.Accepted);
        Assert.Equal(reference.Reasons, counts.QuarantinedByReason.ToList());
    }

    [Fact]
    public async Task TransformAsync_ExportOfOnlyOneLine_WritesTheReferenceBytes()
    {
        SourceRowReaders.TryGet("api", out ISourceRowReader reader);
        byte[] export = Encoding.UTF8.GetBytes("""{"id":"a","text":"Is  Myst good?","receivedAt":"2026-11-01T00:00:00.120Z","mr":"request_attribute(esrb[])"}""");

        var reference = await ReferenceTransformer.TransformAsync(reader, "api", export);
        var accepted = new MemoryStream();
        await SourceObjectTransformer.TransformAsync(reader, "api", new MemoryStream(export), accepted, new MemoryStream(), 2);

        AssertSameLines(reference.Accepted, accepted.ToArray());
    }

    private static int SpanPathAccepted(ISourceRowReader reader, byte[] export)
    {
        var scratch = new RowScratch();
        int accepted = 0;
        ReadOnlySpan<byte> rest = export;
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)'\n');
            accepted += FastRowTransform.TryAccept(reader.Fields, rest[..end], scratch, out _) ? 1 : 0;
            rest = rest[(end + 1)..];
        }

        return accepted;
    }

    private static void AssertSameLines(byte[] expected, byte[] actual)
    {
        string[] e = Encoding.UTF8.GetString(expected).Split('\n');
        string[] a = Encoding.UTF8.GetString(actual).Split('\n');
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            Assert.True(e[i] == a[i], $"line {i + 1} differs:\nexpected {e[i]}\nactual   {a[i]}");
        }

        Assert.Equal(e.Length, a.Length);
        Assert.Equal(expected, actual);
    }

    /// <summary>An export of about 7,000 rows: the committed rows of the format with unique ids, the tricky rows and the bad-input corpus, repeated.</summary>
    private static byte[] Export(string format)
    {
        List<JsonObject> good = [.. Templates(format)];
        List<string> tricky = [.. TrickyRows(format)];
        var lines = new List<byte[]>();
        for (int i = 0; lines.Count < 7000; i++)
        {
            JsonObject row = (JsonObject)good[i % good.Count].DeepClone();
            string idField = format == "twitch" ? "message_id" : "id";
            row[idField] = $"{i}-{row[idField]}";
            lines.Add(Encoding.UTF8.GetBytes(row.ToJsonString(AsExported)));
            if (i % 7 == 0)
            {
                lines.Add(Encoding.UTF8.GetBytes(tricky[i / 7 % tricky.Count]));
            }

            if (i % 50 == 0)
            {
                lines.AddRange(Malformed(format).Skip(i / 50 % 3 * 25).Take(25));
            }
        }

        return [.. lines.SelectMany(l => l.Append((byte)'\n'))];
    }

    private static IEnumerable<byte[]> Malformed(string format) => format switch
    {
        "api" => MalformedSourceRows.Api(),
        "twitch" => MalformedSourceRows.Twitch.Select(Encoding.UTF8.GetBytes).Concat(MalformedSourceRows.Api()),
        _ => MalformedSourceRows.Discord.Select(Encoding.UTF8.GetBytes).Concat(MalformedSourceRows.Api()),
    };

    private static IEnumerable<JsonObject> Templates(string format)
    {
        if (format == "api")
        {
            int n = 0;
            foreach (string file in new[] { "curated/train-100.jsonl", "expansion/train-500.jsonl", "test/test.jsonl" })
            {
                foreach (string line in File.ReadLines(Path.Combine(RepositoryPaths.Data, file)))
                {
                    JsonNode pair = JsonNode.Parse(line)!;
                    var row = new JsonObject { ["id"] = $"api-{n}", ["text"] = (string)pair["text"]!, ["receivedAt"] = $"2026-11-0{1 + (n % 9)}T0{n % 10}:1{n % 6}:00.{n % 1000:D3}Z" };
                    if (n++ % 5 != 0)
                    {
                        row["mr"] = (string)pair["mr"]!;
                    }

                    yield return row;
                }
            }

            yield break;
        }

        foreach (string file in Directory.EnumerateFiles(RepositoryPaths.Data, "*.jsonl", SearchOption.AllDirectories).Where(f => f.Contains(Path.DirectorySeparatorChar + format + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            foreach (string line in File.ReadLines(file))
            {
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(line);
                }
                catch (JsonException)
                {
                    continue;
                }

                if (node is JsonObject row && row[format == "twitch" ? "message_id" : "id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String)
                {
                    yield return row;
                }
            }
        }
    }

    /// <summary>Rows that reach each branch of the span path: escapes, text beyond ASCII, odd spacing, timestamps, duplicates, escaped names, trailing bytes.</summary>
    private static IEnumerable<string> TrickyRows(string format)
    {
        (string id, string time, string label) = format switch
        {
            "discord" => ("id", "timestamp", "viggo_mr"),
            "twitch" => ("message_id", "sent_at", "viggo_mr"),
            _ => ("id", "receivedAt", "mr"),
        };
        string Text(string json) => format == "twitch" ? $"\"message\":{{\"text\":{json},\"fragments\":[{{\"type\":\"text\"}}]}}" : $"\"{(format == "discord" ? "content" : "text")}\":{json}";
        string Row(string text, string at = "\"2026-11-01T09:02:24.567000+00:00\"", string? mr = "\"give_opinion(name[Myst], rating[good], genres[puzzle])\"", string extra = "") =>
            $"{{\"{id}\":\"t\",{Text(text)},\"{time}\":{at}{(mr is null ? "" : $",\"{label}\":{mr}")}{extra}}}";

        string[] texts =
        [
            "\"Myst is good\"", "\"  Myst   is\\tgood \\n\"", "\"Myst \\\"is\\\" good \\\\ ok\"", "\"Myst is g\\u006Fod\"", "\"Myst is caf\\u00e9 good\"",
            "\"Myst is café good\"", "\"Myst is good \\ud83d\\ude00\"", "\"Myst 😀 is good\"", "\"ｆｕｌｌ ｗｉｄｔｈ Myst ﬁne ①\"", "\"Myst\\u200Bis\\uFEFF good\"",
            "\"Myst\\u0007 is\\u0085good\"", "\"Myst\\u00A0is\\u2003good\"", "\"MYST IS GOOD\"", "\"Myst is <b>good</b> & 'fine' +`x`\"",
            "\"Myst \\u007F is good\"", "\"Myst \\ud800 lone\"", "\"\"", "\"   \"", "\"\\u200B\"",
            $"\"{new string('a', 4000)}\"", $"\"{new string('a', 4001)}\"", $"\"  {new string('b', 3999)}   \"", $"\"{new string('é', 4000)}\"", $"\"{new string('é', 4001)}\"",
            "\"İstanbul ΣΑΣ Straße\"",
        ];
        foreach (string text in texts)
        {
            yield return Row(text);
            yield return Row(text, mr: null);
        }

        string[] times =
        [
            "\"2026-11-01T00:00:00Z\"", "\"2026-11-01T00:00:00.1Z\"", "\"2026-11-01T00:00:00.1234567Z\"", "\"2026-11-01T00:00:00.12345678Z\"",
            "\"2026-11-01T00:00:00.000Z\"", "\"2026-11-01T00:00:00.100000+05:30\"", "\"2026-11-01T23:59:59-08:00\"", "\"2026-11-01T23:59:59+14:00\"",
            "\"2026-11-01T23:59:59+14:30\"", "\"2026-11-01T00:00:00z\"", "\"2026-11-01T00:00:00\"", "\"2026-11-01 00:00:00Z\"", "\"2024-02-29T12:00:00Z\"",
            "\"2026-02-29T12:00:00Z\"", "\"2026-11-01T24:00:00Z\"", "\"2026-11-01T23:59:60Z\"", "\"0001-01-01T00:00:00+01:00\"", "\"9999-12-31T23:59:59Z\"",
            "\"2026-11-01\"", "\"Sun, 01 Nov 2026 09:02:24 GMT\"", "\"2026-11-01T00:00:00\\u002B00:00\"", "17",
        ];
        foreach (string at in times)
        {
            yield return Row("\"Myst is good\"", at);
        }

        string[] labels =
        [
            "null", "\"\"", "\"\\u0069nform(name[Myst], genres[puzzle], rating[good])\"", "\"inform(name[Kōbō Nishiki Saga], genres[puzzle], rating[good])\"",
            "\"inform(name[Myst], genres[puzzle], rating[good])\"", "\"inform(name[Myst], rating[good], genres[puzzle])\"", "\"request_attribute(esrb[])\"",
            "\"inform(name[Myst], genres[puzzle, adventure], rating[good])\"", "\"inform(name[Myst\\u0000], genres[puzzle], rating[good])\"", "5",
            $"\"inform(name[{new string('M', 600)}], genres[puzzle], rating[good])\"",
        ];
        foreach (string mr in labels)
        {
            yield return Row("\"Myst is good\"", mr: mr);
        }

        yield return Row("\"Myst is good\"", extra: ",\"nested\":{\"a\":[1,{\"b\":null}],\"c\":\"\\u0041\"}");
        yield return Row("\"Myst is good\"", extra: $",\"{label}\":\"request_attribute(esrb[])\"");
        yield return Row("\"Myst is good\"", extra: $",\"{time}\":\"2026-11-02T00:00:00Z\"");
        yield return Row("\"Myst is good\"", extra: $",{Text("\"second text\"")}");
        yield return Row("\"Myst is good\"", extra: $",\"{id}\":\"second id\"");
        yield return Row("\"Myst is good\"").Replace($"\"{time}\"", time == "sent_at" ? "\"sent\\u005Fat\"" : $"\"\\u{(int)time[0]:x4}{time[1..]}\"", StringComparison.Ordinal);
        yield return Row("\"Myst is good\"").Replace($"\"{id}\":\"t\"", $"\"{id}\":\"\\u0074-escaped\"", StringComparison.Ordinal);
        yield return Row("\"Myst is good\"").Replace($"\"{id}\":\"t\"", $"\"{id}\":\"ünicode\"", StringComparison.Ordinal);
        yield return Row("\"Myst is good\"").Replace($"\"{id}\":\"t\"", $"\"{id}\":\"quote\\\"d\"", StringComparison.Ordinal);
        yield return "  " + Row("\"Myst is good\"") + "  ";
        yield return Row("\"Myst is good\"") + " x";
        yield return Row("\"Myst is good\"") + "{}";
        yield return Row("\"Myst is good\"")[..^1] + ",}";
        yield return "[" + Row("\"Myst is good\"") + "]";
        if (format == "twitch")
        {
            yield return $"{{\"message_id\":\"t\",\"message\":\"flat\",\"sent_at\":\"2026-11-01T00:00:00Z\"}}";
            yield return $"{{\"message_id\":\"t\",\"message\":{{\"text\":\"one\"}},\"message\":{{\"text\":\"two\"}},\"sent_at\":\"2026-11-01T00:00:00Z\"}}";
            yield return $"{{\"message_id\":\"t\",\"message\":{{\"fragments\":[]}},\"sent_at\":\"2026-11-01T00:00:00Z\"}}";
        }
    }
}
