namespace Feedback.Emulator.Learning;

/// <summary>
/// The features of a feedback text for the structured model: word unigrams, bigrams and trigrams, and two general
/// language rules, each named here. No word list of the evaluation data is in it.
/// </summary>
internal static class TextFeatures
{
    /// <summary>Words that turn what follows into its opposite.</summary>
    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "n't", "don't", "didn't", "doesn't", "isn't", "wasn't", "aren't", "weren't", "haven't", "hasn't", "hadn't",
        "can't", "cannot", "couldn't", "won't", "wouldn't", "shouldn't", "without", "nor", "neither", "lacks", "lack", "unavailable",
    };

    /// <summary>Words of comparison.</summary>
    private static readonly HashSet<string> Comparatives = new(StringComparer.Ordinal) { "more", "less", "better", "worse", "than", "most", "least", "best", "worst" };

    /// <summary>The features.</summary>
    /// <param name="text">The text (its punctuation is a feature: a question asks).</param>
    /// <param name="tokens">The text's tokens (<see cref="Tokenizer"/>).</param>
    public static string[] Of(string text, string[] tokens)
    {
        var features = new List<string>(tokens.Length * 4 + 4) { "bias" };
        if (text.Contains('?', StringComparison.Ordinal))
        {
            features.Add("p:?");
            features.Add("p:?last:" + (tokens.Length > 0 ? tokens[^1] : string.Empty));
        }

        if (text.Contains('!', StringComparison.Ordinal))
        {
            features.Add("p:!");
        }

        int negatedUntil = -1;
        for (int i = 0; i < tokens.Length; i++)
        {
            string t = tokens[i];
            features.Add("w:" + t);

            // Rule "negation scope": a negator flips the meaning of the next few words ("not on Linux", "didn't enjoy").
            if (Negators.Contains(t))
            {
                negatedUntil = i + 4;
            }
            else if (i <= negatedUntil)
            {
                features.Add("neg:" + t);
            }

            // Rule "comparison": a comparative word marks the words right after it ("better than", "more fun").
            if (i > 0 && Comparatives.Contains(tokens[i - 1]))
            {
                features.Add("cmp:" + t);
            }

            if (i > 0)
            {
                features.Add("b:" + tokens[i - 1] + " " + t);
            }

            if (i > 1)
            {
                features.Add("t:" + tokens[i - 2] + " " + tokens[i - 1] + " " + t);
            }
        }

        if (tokens.Length > 0)
        {
            features.Add("first:" + tokens[0]);
            features.Add("last:" + tokens[^1]);
        }

        return [.. features.Distinct(StringComparer.Ordinal)];
    }
}
