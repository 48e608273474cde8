using System.Text.RegularExpressions;

namespace Feedback.Host.Tests;

/// <summary>Commands as the README shows them, so tests run exactly what a reader would copy.</summary>
internal static partial class ReadmeText
{
    private static readonly Lazy<string[]> Lines = new(() => File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md")));

    /// <summary>
    /// The indented code line that starts with <paramref name="prefix"/>, with its continuation lines (ending in a
    /// backslash) kept as they are, so <c>bash -c</c> reads them as the shell would. Fails when the README has none.
    /// </summary>
    public static string CodeLine(string prefix)
    {
        string[] lines = Lines.Value;
        int at = Array.FindIndex(lines, l => l.StartsWith("    ", StringComparison.Ordinal) && l.TrimStart().StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(at >= 0, $"The README has no code line starting with `{prefix}`.");
        var command = new List<string> { lines[at].Trim() };
        while (command[^1].EndsWith('\\') && at + 1 < lines.Length)
        {
            command.Add(lines[++at].Trim());
        }

        return string.Join('\n', command);
    }

    /// <summary>The inline code span (between backticks) that starts with <paramref name="prefix"/>. Fails when the README has none.</summary>
    public static string Inline(string prefix)
    {
        foreach (string line in Lines.Value)
        {
            foreach (Match span in CodeSpan().Matches(line))
            {
                if (span.Groups[1].Value.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return span.Groups[1].Value;
                }
            }
        }

        Assert.Fail($"The README has no inline command starting with `{prefix}`.");
        return string.Empty;
    }

    /// <summary>Splits a command line as the shell would (quotes, backslash-free), dropping a trailing <c># comment</c>.</summary>
    public static string[] Words(string command)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
