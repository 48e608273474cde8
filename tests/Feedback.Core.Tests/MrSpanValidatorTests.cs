using System.Text;
using System.Text.Json;
using Feedback.Core.Mr;

namespace Feedback.Core.Tests;

/// <summary>
/// The allocation-free validator must give the verdict of <see cref="MrCheck"/> on every input: the MRs of
/// every committed data file and, for each, the mutations that break one rule at a time.
/// </summary>
public sealed class MrSpanValidatorTests
{
    [Fact]
    public void IsValid_CommittedMrsAndTheirMutations_AgreesWithMrCheck()
    {
        List<string> valid = [.. CommittedMrs()];
        Assert.True(valid.Count > 1000, $"only {valid.Count} MRs found");
        int compared = 0;
        int invalid = 0;
        foreach (string mr in valid)
        {
            foreach (string candidate in Mutations(mr).Prepend(mr))
            {
                MrCheckResult expected = MrCheck.Check(candidate);
                bool actual = MrSpanValidator.IsValid(candidate, out DialogueAct act);
                Assert.True(expected.IsValid == actual, $"'{candidate}': MrCheck says {expected.IsValid} ({expected.Reason}), the span validator {actual}");
                bool bytes = MrSpanValidator.IsValidAscii(Encoding.UTF8.GetBytes(candidate), out DialogueAct bytesAct);
                Assert.True(bytes == (actual && Ascii.IsValid(candidate)), $"'{candidate}': the UTF-16 validator says {actual}, the ASCII one {bytes}");
                if (actual)
                {
                    Assert.Equal(expected.Mr!.Act, act);
                }

                if (bytes)
                {
                    Assert.Equal(act, bytesAct);
                }
                else
                {
                    invalid++;
                }

                compared++;
            }
        }

        Assert.True(invalid > compared / 2, $"the mutations broke only {invalid} of {compared}");
    }

    [Theory]
    [MemberData(nameof(RuleBreakers))]
    public void IsValid_TextBreakingOneRule_IsFalseAsMrCheckSays(string text)
    {
        Assert.False(MrCheck.Check(text).IsValid);
        Assert.False(MrSpanValidator.IsValid(text, out _));
        Assert.False(MrSpanValidator.IsValidAscii(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("request_attribute(esrb[])", DialogueAct.RequestAttribute)]
    [InlineData("inform(name[Myst], exp_release_date[March 3, 2019], genres[adventure, puzzle])", DialogueAct.Inform)]
    [InlineData("inform(name[Kōbō], genres[MMORPG, role-playing], platforms[PlayStation, Nintendo Switch, PC])", DialogueAct.Inform)]
    [InlineData("request(specifier[fun])", DialogueAct.Request)]
    public void IsValid_ValidMr_IsTrueWithItsAct(string text, DialogueAct act)
    {
        Assert.True(MrCheck.Check(text).IsValid);
        Assert.True(MrSpanValidator.IsValid(text, out DialogueAct actual));
        Assert.Equal(act, actual);

        // As UTF-8 it reads ASCII itself and refuses the rest, which the caller decodes for the UTF-16 overload.
        Assert.Equal(Ascii.IsValid(text), MrSpanValidator.IsValidAscii(Encoding.UTF8.GetBytes(text), out DialogueAct fromBytes));
        Assert.Equal(Ascii.IsValid(text) ? act : default, fromBytes);
    }

    public static TheoryData<string> RuleBreakers() =>
    [
        "", "   ", "inform", "inform(", "inform()", "INFORM(name[Myst])", "praise(name[Myst], genres[action])",
        "inform(name[Myst], genres[action]", "inform(name[Myst], genres[action]))", "inform(name[Myst],genres[action], rating[good])",
        "inform(name[a[b]c], genres[action], rating[good])", "inform(name[Myst], name[Myst], genres[action])",
        "inform(name[X], genres[action])", "request_explanation(rating[good])", "inform(name[X], release_year[2001], developer[Y])",
        "request(name[X], specifier[fun])", "request_attribute(name[])", "inform(name[], genres[action], rating[good])",
        "request_attribute(genres[action])", "inform(name[ X], genres[action], rating[good])", "inform(name[X\u0085], genres[action], rating[good])",
        "inform(name[X\u0007Y], genres[action], rating[good])", "inform(name[X], rating[great], genres[action])",
        "inform(name[X], release_year[99], genres[action])", "inform(name[X], exp_release_date[March 32, 2019], genres[action])",
        "inform(name[X], exp_release_date[March 03, 2019], genres[action])", "inform(name[X], exp_release_date[March 3,2019], genres[action])",
        "inform(name[X], exp_release_date[March 3, 19], genres[action])", "inform(name[X], genres[action, space opera])",
        "inform(name[X], genres[action, , adventure])", "inform(name[X], genres[action, ])", "inform(name[X], genres[action, action])",
        "inform(name[X], genres[action, adventure, indie, puzzle])", "inform(name[X], rating[good], release_year[2001], genres[action])",
        "inform(name[X], rating[good], genres[MMORPG, adventure])", "inform(name[X], genres[action], platforms[PC, Xbox])",
        "inform(name[X], genres[action], rating[good]) ", " inform(name[X], genres[action], rating[good])",
    ];

    private static IEnumerable<string> CommittedMrs()
    {
        foreach (string file in Directory.EnumerateFiles(RepositoryPaths.Data, "*.jsonl", SearchOption.AllDirectories))
        {
            foreach (string line in File.ReadLines(file))
            {
                JsonElement row;
                try
                {
                    row = JsonDocument.Parse(line).RootElement;
                }
                catch (JsonException)
                {
                    continue;
                }

                foreach (string field in new[] { "mr", "viggo_mr" })
                {
                    if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty(field, out JsonElement mr) && mr.ValueKind == JsonValueKind.String)
                    {
                        yield return mr.GetString()!;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Mutations(string mr)
    {
        // Every prefix and every one-character deletion.
        for (int i = 0; i < mr.Length; i++)
        {
            yield return mr[..i];
            yield return mr.Remove(i, 1);
        }

        // Slots swapped, dropped, repeated; acts changed; values replaced with every vocabulary word and odd text.
        string[] parts = mr.Split('(', 2);
        if (parts.Length != 2 || !parts[1].EndsWith(')'))
        {
            yield break;
        }

        List<string> slots = [.. parts[1][..^1].Split("], ").Select(s => s.EndsWith(']') ? s : s + "]")];
        string Build(string act, IEnumerable<string> s) => $"{act}({string.Join(", ", s)})";
        foreach (DialogueActDefinition act in ViggoOntology.Acts)
        {
            yield return Build(act.WireName, slots);
        }

        for (int i = 0; i < slots.Count; i++)
        {
            yield return Build(parts[0], slots.Where((_, j) => j != i));
            yield return Build(parts[0], slots.Append(slots[i]));
            if (i + 1 < slots.Count)
            {
                yield return Build(parts[0], slots.Select((s, j) => j == i ? slots[i + 1] : j == i + 1 ? slots[i] : s));
            }

            string attribute = slots[i][..slots[i].IndexOf('[', StringComparison.Ordinal)];
            string value = slots[i][(attribute.Length + 1)..^1];
            IEnumerable<string> values = ViggoOntology.Attributes.SelectMany(a => a.Values)
                .Concat(["", " x", "x ", "1999", "January 1, 2020", "January 01, 2020", "Janvier 1, 2020", "x\u0080y", "x\ty"])
                .Concat(value.Contains(", ", StringComparison.Ordinal) ? [string.Join(", ", value.Split(", ").Reverse()), value + ", " + value.Split(", ")[0]] : [value + ", " + value]);
            foreach (string other in values)
            {
                yield return Build(parts[0], slots.Select((s, j) => j == i ? $"{attribute}[{other}]" : s));
            }
        }
    }
}
