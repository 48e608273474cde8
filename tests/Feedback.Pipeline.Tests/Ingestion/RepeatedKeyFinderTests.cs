using Feedback.Pipeline.DataUpdate;

namespace Feedback.Pipeline.Tests.Ingestion;

public sealed class RepeatedKeyFinderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(RepeatedKeyFinder.DefaultRunLength)]
    public void FindRepeats_KeysWithRepeats_MarksExactlyWhatASetOfSeenKeysWouldRefuse(int runLength)
    {
        var random = new Random(runLength);
        using var finder = new RepeatedKeyFinder(runLength);
        var seen = new HashSet<UInt128>();
        var expected = new List<bool>();
        for (int i = 0; i < 5_000; i++)
        {
            // Few distinct keys at first (many repeats), then mostly new ones; high and low halves both vary.
            UInt128 key = i < 1_000 ? new UInt128((ulong)random.Next(40), (ulong)random.Next(3)) : new UInt128((ulong)random.NextInt64(), (ulong)random.Next(1_000));
            finder.Add(key);
            expected.Add(!seen.Add(key));
        }

        System.Collections.BitArray repeats = finder.FindRepeats();

        Assert.Equal(expected.Count, repeats.Length);
        Assert.Equal(expected, repeats.Cast<bool>());
        Assert.Equal(runLength < 5_000, finder.SpilledRuns > 0);
    }

    [Fact]
    public void Dispose_AfterSpilling_DeletesItsRunFiles()
    {
        DirectoryInfo folder = Directory.CreateTempSubdirectory("feedback-keys-test-");
        var finder = new RepeatedKeyFinder(2, folder.FullName);
        for (int i = 0; i < 10; i++)
        {
            finder.Add((UInt128)(i % 4));
        }

        Assert.Equal(4, finder.SpilledRuns);
        Assert.Equal(4, folder.GetFiles().Length);
        Assert.Equal([false, false, false, false, true, true, true, true, true, true], finder.FindRepeats().Cast<bool>());

        finder.Dispose();

        Assert.Empty(folder.GetFiles());
        folder.Delete();
    }

    [Fact]
    public void FindRepeats_NothingAdded_IsEmpty()
    {
        using var finder = new RepeatedKeyFinder();

        Assert.Equal(0, finder.FindRepeats().Length);
    }
}
