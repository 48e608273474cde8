namespace Feedback.Core.Mr;

/// <summary>
/// Finds a span among a few fixed words without allocating: a perfect hash of each word's length and first and last
/// characters, found when the index is built, gives every word a slot of its own, so a lookup compares the span with
/// one word at most. The grammar check looks up every act, attribute and closed value of every label through it.
/// </summary>
internal sealed class WordIndex
{
    private readonly string[] _words;
    private readonly byte[] _slots;
    private readonly int _mask;
    private readonly int _seed;

    /// <summary>Indexes <paramref name="words"/>; a lookup answers a word's position in it.</summary>
    /// <param name="words">The words: none empty, none repeated, fewer than 255.</param>
    public WordIndex(IReadOnlyList<string> words)
    {
        _words = [.. words];
        if (_words.Any(string.IsNullOrEmpty) || _words.Distinct(StringComparer.Ordinal).Count() != _words.Length || _words.Length >= byte.MaxValue)
        {
            throw new ArgumentException("A word index holds fewer than 255 distinct words, none empty.", nameof(words));
        }

        // The smallest table (at least four slots per word) and the first seed that give each word its own slot.
        for (int size = 4 * (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_words.Length); ; size *= 2)
        {
            for (int seed = 1; seed < 4096; seed++)
            {
                var slots = new byte[size];
                bool distinct = true;
                for (int i = 0; i < _words.Length && distinct; i++)
                {
                    ref byte slot = ref slots[Slot(_words[i], seed, size - 1)];
                    distinct = slot == 0;
                    slot = (byte)(i + 1);
                }

                if (distinct)
                {
                    (_slots, _mask, _seed) = (slots, size - 1, seed);
                    return;
                }
            }
        }
    }

    /// <summary>The position of <paramref name="word"/> among the words, or -1 when it is none of them (or empty).</summary>
    /// <param name="word">The span to look up.</param>
    public int IndexOf(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return -1;
        }

        int i = _slots[Slot(word, _seed, _mask)] - 1;
        return i >= 0 && word.SequenceEqual(_words[i]) ? i : -1;
    }

    private static int Slot(ReadOnlySpan<char> word, int seed, int mask) => ((word.Length * 0x9E3) + (word[0] * seed) + (word[^1] * 31)) & mask;
}
