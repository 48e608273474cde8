namespace Feedback.Core.Mr;

/// <summary>
/// Finds a span among a few fixed words without allocating: the words are bucketed by their length and first and
/// last characters, so a lookup compares the span with one word, rarely two. The grammar check looks up every act,
/// attribute and closed value of every label through it.
/// </summary>
internal sealed class WordIndex
{
    private const int BucketCount = 256;

    private readonly string[] _words;
    private readonly int[][] _buckets;

    /// <summary>Indexes <paramref name="words"/>; a lookup answers a word's position in it.</summary>
    /// <param name="words">The words, none empty.</param>
    public WordIndex(IReadOnlyList<string> words)
    {
        _words = [.. words];
        if (_words.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A word index holds no empty word.", nameof(words));
        }

        _buckets = [.. Enumerable.Range(0, BucketCount).Select(b => Enumerable.Range(0, _words.Length).Where(i => Bucket(_words[i]) == b).ToArray())];
    }

    /// <summary>The position of <paramref name="word"/> among the words, or -1 when it is none of them (or empty).</summary>
    /// <param name="word">The span to look up.</param>
    public int IndexOf(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return -1;
        }

        foreach (int i in _buckets[Bucket(word)])
        {
            if (word.SequenceEqual(_words[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Bucket(ReadOnlySpan<char> word) => ((word.Length * 7) + (word[0] * 31) + word[^1]) & (BucketCount - 1);
}
