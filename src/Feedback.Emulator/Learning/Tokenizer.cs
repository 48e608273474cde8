using System.Text.RegularExpressions;

namespace Feedback.Emulator.Learning;

/// <summary>Lower-cased word tokens: letters, digits and the joiners players use inside words.</summary>
internal static partial class Tokenizer
{
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’+\-/.][\p{L}\p{N}]+)*\+?")]
    private static partial Regex Word();

    public static string[] Tokens(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value.Replace('’', '\'')).ToArray();

    public static string Join(ReadOnlySpan<string> tokens) => string.Join(' ', tokens.ToArray());
}
