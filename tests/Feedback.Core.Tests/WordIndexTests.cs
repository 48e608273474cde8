using System.Text;
using Feedback.Core.Mr;

namespace Feedback.Core.Tests;

public sealed class WordIndexTests
{
    [Fact]
    public async Task IndexOf_WordsSharingLengthAndFirstAndLastCharacters_FindsEachAndNothingElse()
    {
        // Such words land in one bucket; an index that needed each word in a slot of its own could not be built at all
        // (the construction of the perfect hash tried before never finished on them). The guard turns a hang into a failure.
        string[] words = ["cab", "cbb", "ccb", "cb", "action", "adventure"];
        WordIndex index = await Task.Run(() => new WordIndex(words)).WaitAsync(TimeSpan.FromSeconds(30));

        for (int i = 0; i < words.Length; i++)
        {
            Assert.Equal(i, index.IndexOf(words[i]));
            Assert.Equal(i, index.IndexOf(Encoding.UTF8.GetBytes(words[i])));
        }

        foreach (string other in new[] { "", "c", "cdb", "ca", "Cab", "cab ", "actions", "cäb" })
        {
            Assert.Equal(-1, index.IndexOf(other));
            Assert.Equal(-1, index.IndexOf(Encoding.UTF8.GetBytes(other)));
        }
    }

    [Fact]
    public void IndexOf_EveryOntologyWordList_FindsEachWordAtItsPosition()
    {
        IEnumerable<IReadOnlyList<string>> lists = ViggoOntology.Attributes.Select(a => a.Values)
            .Append([.. ViggoOntology.Acts.Select(a => a.WireName)])
            .Append([.. ViggoOntology.Attributes.Select(a => a.WireName)])
            .Append(ViggoOntology.Months);
        foreach (IReadOnlyList<string> list in lists)
        {
            var index = new WordIndex(list);
            for (int i = 0; i < list.Count; i++)
            {
                Assert.Equal(i, index.IndexOf(list[i]));
                Assert.Equal(i, index.IndexOf(Encoding.UTF8.GetBytes(list[i])));
                Assert.Equal(-1, index.IndexOf(list[i] + "x"));
                Assert.Equal(-1, index.IndexOf(Encoding.UTF8.GetBytes(list[i] + "x")));
            }
        }
    }

    [Fact]
    public void Constructor_EmptyWord_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WordIndex(["a", ""]));
    }

    [Fact]
    public void Constructor_WordOutsideAscii_Throws()
    {
        // Its UTF-8 bytes would land in another bucket than its chars, so a lookup of the bytes would miss it.
        Assert.Throws<ArgumentException>(() => new WordIndex(["a", "é"]));
    }

    [Fact]
    public void IndexOf_RepeatedWord_FindsItsFirstPosition()
    {
        var index = new WordIndex(["yes", "no", "yes"]);

        Assert.Equal(0, index.IndexOf("yes"));
        Assert.Equal(0, index.IndexOf("yes"u8));
    }
}
