using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Feedback.Core.Mr;

/// <summary>
/// Finds a span among a few fixed words without allocating: the words are bucketed by their length and first and
/// last characters, so a lookup compares the span with one word, rarely two. The grammar check looks up every act,
/// attribute and closed value of every label through it, as UTF-16 or (ASCII) UTF-8.
/// </summary>
internal sealed class WordIndex
{
    private const int BucketCount = 256;

    private readonly string[] _words;
    private readonly byte[][] _utf8;

    // The first word of each bucket (-1: none) and, per word, the next word of its bucket: two flat arrays, so a lookup
    // reads one entry of each instead of walking a bucket's own array.
    private readonly int[] _first = new int[BucketCount];
    private readonly int[] _next;

    /// <summary>Indexes <paramref name="words"/>; a lookup answers a word's position in it.</summary>
    /// <param name="words">The words, none empty, all ASCII (as the ontology's are: a word's UTF-8 and UTF-16 forms then bucket alike).</param>
    public WordIndex(IReadOnlyList<string> words)
    {
        _words = [.. words];
        if (_words.Any(w => string.IsNullOrEmpty(w) || !Ascii.IsValid(w)))
        {
            throw new ArgumentException("A word index holds ASCII words, none empty.", nameof(words));
        }

        _utf8 = [.. _words.Select(Encoding.UTF8.GetBytes)];
        _next = new int[_words.Length];
        Array.Fill(_first, -1);

        // Each bucket chains its words in their list order, so the first of two equal words is the one found.
        for (int i = _words.Length - 1; i >= 0; i--)
        {
            int bucket = Bucket(_words[i].AsSpan());
            _next[i] = _first[bucket];
            _first[bucket] = i;
        }
    }

    /// <summary>The position of <paramref name="word"/> among the words, or -1 when it is none of them (or empty).</summary>
    /// <param name="word">The span to look up.</param>
    public int IndexOf(ReadOnlySpan<char> word) => IndexOf<char>(word);

    /// <summary>The position of the UTF-8 <paramref name="word"/> among the words, or -1 when it is none of them (or empty).</summary>
    /// <param name="word">The span to look up.</param>
    public int IndexOf(ReadOnlySpan<byte> word) => IndexOf<byte>(word);

    /// <summary>The position of <paramref name="word"/> (UTF-16 chars or UTF-8 bytes) among the words, or -1.</summary>
    /// <typeparam name="T"><see cref="char"/> or <see cref="byte"/>.</typeparam>
    /// <param name="word">The span to look up.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf<T>(ReadOnlySpan<T> word)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (word.IsEmpty)
        {
            return -1;
        }

        for (int i = _first[Bucket(word)]; i >= 0; i = _next[i])
        {
            bool equal = typeof(T) == typeof(byte)
                ? MemoryMarshal.Cast<T, byte>(word).SequenceEqual(_utf8[i])
                : MemoryMarshal.Cast<T, char>(word).SequenceEqual(_words[i]);
            if (equal)
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bucket<T>(ReadOnlySpan<T> word)
        where T : unmanaged, IBinaryInteger<T> =>
        ((word.Length * 7) + (int.CreateTruncating(word[0]) * 31) + int.CreateTruncating(word[^1])) & (BucketCount - 1);
}
