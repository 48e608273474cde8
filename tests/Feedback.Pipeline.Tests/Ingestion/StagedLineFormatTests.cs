using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Feedback.Core.Ingestion;
using Feedback.Core.Mr;
using Feedback.Pipeline.DataUpdate;

namespace Feedback.Pipeline.Tests.Ingestion;

public sealed class StagedLineFormatTests
{
    [Fact]
    public void TryWrite_LongestFixedParts_FitsTheSpaceItAsksForAndIsJson()
    {
        // An output that starts with one byte grows to exactly the size asked for, so a short reservation shows.
        // The longest timestamp (seven fraction digits, an offset), the longest line number and the longest act name.
        var row = new AcceptedRow("9"u8, "2026-11-01T23:59:59.1234567-11:00"u8, "x"u8, "y"u8, labelled: true, DialogueAct.RequestExplanation, Encoding.ASCII.GetBytes(new string('a', 32)));
        var output = new ArrayBufferWriter<byte>(1);

        Assert.True(StagedLineFormat.TryWrite(row, "discord"u8, long.MaxValue, output));
        int values = 1 + "discord".Length + 1 + 1 + "request_explanation".Length + 32;
        Assert.True(output.WrittenCount <= StagedLineFormat.FixedBytes + values, $"wrote {output.WrittenCount} bytes, reserved {StagedLineFormat.FixedBytes + values}");
        using JsonDocument line = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal(long.MaxValue, line.RootElement.GetProperty("line").GetInt64());
    }

    [Theory]
    [InlineData("2026-11-01T09:02:24.5670000+00:00")]
    [InlineData("2026-11-01T09:02:24.0000000+05:30")]
    [InlineData("2026-11-01T09:02:24.1234567-08:00")]
    [InlineData("2026-11-01T09:02:24.1000000Z")]
    [InlineData("2026-11-01T09:02:24-00:00")]
    [InlineData("2026-11-01T09:02:24.000Z")]
    public void TryAccept_AnyFraction_StagesTheTimeAsUtf8JsonWriterWritesIt(string time)
    {
        Assert.Equal(Expected(time), Staged(time));
    }

    [Fact]
    public void TryAccept_RandomTimesAndOffsets_StagesTheTimeAsUtf8JsonWriterWritesIt()
    {
        var random = new Random(19);
        for (int i = 0; i < 20_000; i++)
        {
            // Every fraction width with and without trailing zeros, whole seconds, Z, -00:00 and the extreme offsets.
            var clock = new DateTime(random.NextInt64(new DateTime(1000, 1, 2).Ticks, new DateTime(9998, 12, 30).Ticks));
            string fraction = (clock.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture)[..(i % 8)];
            if (i % 11 == 0 && fraction.Length > 0)
            {
                fraction = fraction[..^1] + "0";
            }

            int minutes = (i % 5) switch { 0 => 0, 1 => 14 * 60, 2 => -14 * 60, _ => random.Next(-14 * 60, (14 * 60) + 1) };
            string offset = minutes == 0 ? (i % 3) switch { 0 => "Z", 1 => "+00:00", _ => "-00:00" }
                : $"{(minutes < 0 ? '-' : '+')}{Math.Abs(minutes) / 60:D2}:{Math.Abs(minutes) % 60:D2}";
            string time = $"{clock:yyyy-MM-ddTHH:mm:ss}{(fraction.Length > 0 ? "." + fraction : string.Empty)}{offset}";

            Assert.Equal(Expected(time), Staged(time));
        }
    }

    /// <summary>What the DOM path stages: the time parsed as <see cref="SourceRowReaders"/> does, written by <see cref="Utf8JsonWriter"/>.</summary>
    private static string Expected(string time)
    {
        DateTimeOffset value = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var expected = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(expected, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(expected.WrittenSpan)[1..^1];
    }

    /// <summary>What the span path stages for a Discord row sent at <paramref name="time"/>.</summary>
    private static string Staged(string time)
    {
        Assert.True(SourceRowReaders.TryGet("discord", out ISourceRowReader reader));
        byte[] line = Encoding.UTF8.GetBytes($"{{\"id\":\"1\",\"content\":\"great game\",\"timestamp\":\"{time}\"}}");
        Assert.True(FastRowTransform.TryAccept(reader.Fields, line, new RowScratch(), out AcceptedRow row), time);
        return Encoding.UTF8.GetString(row.ReceivedAt);
    }
}
