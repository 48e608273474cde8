using System.Text.RegularExpressions;
using Feedback.Core.Mr;

namespace Feedback.Emulator.Learning;

/// <summary>
/// A general language rule of <see cref="MrModel"/>: a game the model has not seen in training is named by the longest
/// run of capitalised words in the text. It uses English function words and the grammar's own vocabulary, never data.
/// </summary>
internal static partial class ProperNounRule
{
    /// <summary>English words that begin sentences in capitals without naming anything (part of the proper-noun rule).</summary>
    private static readonly HashSet<string> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "but", "or", "so", "if", "since", "because", "although", "though", "well", "oh", "hey", "hi", "yes", "no",
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "be", "do", "does", "did",
        "have", "has", "had", "can", "could", "would", "will", "should", "shall", "may", "might", "must", "you", "it", "its", "it's",
        "that", "this", "these", "those", "there", "here", "they", "we", "he", "she", "my", "your", "our", "their", "his", "her",
        "any", "some", "all", "every", "each", "not", "never", "maybe", "perhaps", "really", "actually", "just", "also", "then", "now",
        "speaking", "talking", "ok", "okay", "sure", "right", "let's", "let", "please", "thanks", "thank", "in", "on", "at", "for", "of",
        "with", "from", "by", "about", "as", "to", "like", "even", "only", "still", "yet", "definitely", "honestly", "personally",
    };

    /// <summary>
    /// The longest proper-noun span of the text, or null. Rule "proper-noun span": a title the model has not seen is the longest run of capitalised words in the text
    /// (joined by digits, ':', '&amp;' or a lower-case "of", "the", "and"), leaving out "I", a sentence's first word when it
    /// stands alone and is an English function word, and the grammar's own vocabulary (platforms, stores, months).
    /// </summary>
    /// <param name="text">The text.</param>
    public static string? Span(string text)
    {
        MatchCollection words = Word().Matches(text);
        string? best = null;
        for (int i = 0; i < words.Count; i++)
        {
            if (!IsTitleWord(words[i].Value))
            {
                continue;
            }

            int end = i;
            for (int j = i + 1; j < words.Count; j++)
            {
                if (text.AsSpan(words[j - 1].Index + words[j - 1].Length, words[j].Index - words[j - 1].Index - words[j - 1].Length).ContainsAny(".!?,;"))
                {
                    break;
                }

                if (IsTitleWord(words[j].Value) || words[j].Value.All(char.IsAsciiDigit))
                {
                    end = j;
                }
                else if (words[j].Value is not ("of" or "the" or "and" or ":" or "&"))
                {
                    break;
                }
            }

            ReadOnlySpan<char> before = text.AsSpan(0, words[i].Index).TrimEnd();
            bool sentenceStart = before.IsEmpty || before[^1] is '.' or '!' or '?';
            if (sentenceStart && end == i && FunctionWords.Contains(words[i].Value))
            {
                continue;
            }

            string span = text[words[i].Index..(words[end].Index + words[end].Length)];
            if (best is null || span.Length > best.Length)
            {
                best = span;
            }

            i = end;
        }

        return best;
    }

    private static bool IsTitleWord(string word) =>
        word.Length > 0 && char.IsUpper(word[0]) && word != "I" && !word.StartsWith("I'", StringComparison.Ordinal)
        && !ViggoOntology.Platforms.Contains(word, StringComparer.Ordinal) && !ViggoOntology.Months.Contains(word, StringComparer.Ordinal)
        && word is not ("Steam" or "Linux" or "Mac" or "ESRB");

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-]*|[:&]")]
    private static partial Regex Word();
}
