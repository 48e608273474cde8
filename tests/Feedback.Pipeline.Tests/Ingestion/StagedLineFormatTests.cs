using System.Buffers;
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
        var row = new AcceptedRow("9"u8, new DateTimeOffset(2026, 11, 1, 23, 59, 59, TimeSpan.FromHours(-11)).AddTicks(1234567), "x"u8, "y"u8, labelled: true, DialogueAct.RequestExplanation, Encoding.ASCII.GetBytes(new string('a', 32)));
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
    public void WriteTime_AnyFraction_WritesWhatUtf8JsonWriterWrites(string time)
    {
        DateTimeOffset value = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);
        var expected = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(expected, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStringValue(value);
        }

        Span<byte> actual = stackalloc byte[64];
        int written = StagedLineFormat.WriteTime(value, actual);

        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan)[1..^1], Encoding.UTF8.GetString(actual[..written]));
    }

    [Fact]
    public void WriteTime_RandomTimesAndOffsets_WritesWhatUtf8JsonWriterWrites()
    {
        var random = new Random(19);
        var expected = new ArrayBufferWriter<byte>();
        Span<byte> actual = stackalloc byte[64];
        for (int i = 0; i < 20_000; i++)
        {
            // Every fraction width, whole seconds and the extreme offsets.
            long ticks = random.NextInt64(DateTime.MinValue.AddDays(1).Ticks, DateTime.MaxValue.AddDays(-1).Ticks);
            ticks -= (i % 8) switch { 0 => ticks % TimeSpan.TicksPerSecond, 1 => ticks % 10, 2 => ticks % 1000, _ => 0 };
            TimeSpan offset = TimeSpan.FromMinutes((i % 5) switch { 0 => 0, 1 => 14 * 60, 2 => -14 * 60, _ => random.Next(-14 * 60, (14 * 60) + 1) });
            var value = new DateTimeOffset(ticks, offset);
            expected.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(expected, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStringValue(value);
            }

            int written = StagedLineFormat.WriteTime(value, actual);

            Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan)[1..^1], Encoding.UTF8.GetString(actual[..written]));
        }
    }
}
