using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Feedback.Core.FineTuning;
using Feedback.Core.Mr;

namespace Feedback.Emulator.Learning;

/// <summary>
/// The emulator's text-to-MR model, a structured predictor: an averaged perceptron for the dialogue act; one for
/// which attribute a <c>request_attribute</c> asks about; one per closed attribute choosing "absent" or a value
/// (rating, ESRB, the yes/no attributes, which also catches values only implied, "not on Linux"); one per list item
/// (genres, perspectives, platforms); one per open attribute deciding whether it is there, its value then copied from
/// the text (names, developers and specifiers by the longest span seen in training; years and dates by their shape).
/// Decoding fills the act's required attributes, keeps the allowed ones within its slot limits, and returns the first
/// valid, canonical MR, trying acts from most to least likely.
/// </summary>
public sealed partial class MrModel
{
    private const string Absent = "-";
    private const string Present = "+";

    /// <summary>The answer of a model with no training at all.</summary>
    public const string UntrainedAnswer = "request_attribute(genres[])";

    /// <summary>Examples the model was trained on.</summary>
    [JsonInclude] public int TrainedOn { get; private set; }

    /// <summary>The dialogue act.</summary>
    [JsonInclude] public AveragedPerceptron? Act { get; private set; }

    /// <summary>The attribute a <c>request_attribute</c> asks about.</summary>
    [JsonInclude] public AveragedPerceptron? Requested { get; private set; }

    /// <summary>Per attribute (closed, yes/no, open) or per list item (<c>genres\u001Fshooter</c>): absent or the value.</summary>
    [JsonInclude] public Dictionary<string, AveragedPerceptron> Heads { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Open values seen in training, by their tokens: <c>attribute\u001Fvalue</c>.</summary>
    [JsonInclude] public Dictionary<string, string> Spans { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Trains on (text, MR) pairs; invalid MRs are skipped and counted.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="skipped">Examples skipped.</param>
    public static MrModel Train(IEnumerable<(string Text, string Mr)> examples, out int skipped)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var model = new MrModel();
        var rows = new List<(string[] Features, string[] Tokens, MeaningRepresentation Mr)>();
        skipped = 0;
        foreach ((string text, string mrText) in examples)
        {
            MrCheckResult check = MrCheck.Check(mrText);
            if (!check.IsValid || string.IsNullOrWhiteSpace(text))
            {
                skipped++;
                continue;
            }

            string[] tokens = Tokenizer.Tokens(text);
            rows.Add((TextFeatures.Of(text, tokens), tokens, check.Mr));
            foreach (Slot slot in check.Mr.Slots.Where(s => ViggoOntology.Get(s.Attribute).Kind == AttributeKind.OpenText && s.Value.Length > 0))
            {
                string key = Tokenizer.Join(Tokenizer.Tokens(slot.Value));
                if (key.Length > 0)
                {
                    model.Spans[key] = $"{slot.Attribute.WireName()}\u001F{slot.Value}";
                }
            }
        }

        model.TrainedOn = rows.Count;
        if (rows.Count == 0)
        {
            return model;
        }

        model.Act = AveragedPerceptron.Train(
            [.. rows.Select(r => (r.Features, r.Mr.Act.WireName()))], [.. ViggoOntology.Acts.Select(a => a.WireName)]);
        var requests = rows.Where(r => r.Mr.Act == DialogueAct.RequestAttribute).Select(r => (r.Features, r.Mr.Slots[0].Attribute.WireName())).ToList();
        model.Requested = AveragedPerceptron.Train(requests, [.. ViggoOntology.Attributes.Select(a => a.WireName)]);

        var informative = rows.Where(r => r.Mr.Act != DialogueAct.RequestAttribute).ToList();
        foreach (AttributeDefinition attribute in ViggoOntology.Attributes)
        {
            switch (attribute.Kind)
            {
                case AttributeKind.Closed or AttributeKind.Boolean:
                    model.Heads[attribute.WireName] = AveragedPerceptron.Train(
                        [.. informative.Select(r => (r.Features, r.Mr[attribute.Attribute] ?? Absent))], [Absent, .. attribute.Values]);
                    break;
                case AttributeKind.List:
                    foreach (string item in attribute.Values)
                    {
                        model.Heads[$"{attribute.WireName}\u001F{item}"] = AveragedPerceptron.Train(
                            [.. informative.Select(r => (r.Features, HasItem(r.Mr, attribute.Attribute, item) ? Present : Absent))], [Absent, Present]);
                    }

                    break;
                default:
                    model.Heads[attribute.WireName] = AveragedPerceptron.Train(
                        [.. informative.Select(r => (r.Features, r.Mr[attribute.Attribute] is null ? Absent : Present))], [Absent, Present]);
                    break;
            }
        }

        return model;
    }

    /// <summary>Predicts the MR of a feedback text. Always a valid, canonical MR.</summary>
    /// <param name="text">The text.</param>
    public string Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TrainedOn == 0 || Act is null || Requested is null)
        {
            return UntrainedAnswer;
        }

        string[] tokens = Tokenizer.Tokens(text);
        string[] features = TextFeatures.Of(text, tokens);
        float[] actScores = Act.Scores(features);
        Dictionary<SlotName, (string Value, float Score)> candidates = Candidates(text, tokens, features);
        foreach (int a in Enumerable.Range(0, actScores.Length).OrderByDescending(i => actScores[i]))
        {
            if (!ViggoOntology.TryGetAct(Act.Classes[a], out DialogueActDefinition? act))
            {
                continue;
            }

            List<Slot> slots = act.Act == DialogueAct.RequestAttribute
                ? RequestedSlot(features)
                : Decode(act, candidates);
            var mr = MrCanonicalizer.Canonicalize(new MeaningRepresentation(act.Act, slots));
            if (MrValidator.Validate(mr).Count == 0)
            {
                return mr.Format();
            }
        }

        return UntrainedAnswer;
    }

    private List<Slot> RequestedSlot(string[] features)
    {
        float[] scores = Requested!.Scores(features);
        string attribute = Requested.Classes[Array.IndexOf(scores, scores.Max())];
        return ViggoOntology.TryGetAttribute(attribute, out AttributeDefinition? a) ? [new Slot(a.Attribute, string.Empty)] : [];
    }

    /// <summary>Every attribute with its best value and how sure the model is it is there (positive: present).</summary>
    private Dictionary<SlotName, (string Value, float Score)> Candidates(string text, string[] tokens, string[] features)
    {
        var found = new Dictionary<SlotName, (string Value, float Score)>();
        Dictionary<SlotName, string> copied = Copy(text, tokens);
        foreach (AttributeDefinition attribute in ViggoOntology.Attributes)
        {
            switch (attribute.Kind)
            {
                case AttributeKind.Closed or AttributeKind.Boolean:
                {
                    AveragedPerceptron head = Heads[attribute.WireName];
                    float[] scores = head.Scores(features);
                    int best = Enumerable.Range(1, scores.Length - 1).MaxBy(i => scores[i]);
                    found[attribute.Attribute] = (head.Classes[best], scores[best] - scores[0]);
                    break;
                }

                case AttributeKind.List:
                {
                    var items = attribute.Values
                        .Select(item => (Item: item, Score: Margin(Heads[$"{attribute.WireName}\u001F{item}"], features)))
                        .OrderByDescending(i => i.Score)
                        .ToList();
                    var chosen = items.Where(i => i.Score > 0).Take(attribute.MaxItems).ToList();
                    if (chosen.Count == 0)
                    {
                        chosen = [items[0]];
                    }

                    found[attribute.Attribute] = (string.Join(ViggoOntology.Separator, chosen.Select(c => c.Item)), chosen.Max(c => c.Score));
                    break;
                }

                default:
                    if (copied.TryGetValue(attribute.Attribute, out string? value))
                    {
                        found[attribute.Attribute] = (value, Margin(Heads[attribute.WireName], features));
                    }

                    break;
            }
        }

        return found;
    }

    private static List<Slot> Decode(DialogueActDefinition act, Dictionary<SlotName, (string Value, float Score)> candidates)
    {
        var allowed = candidates.Where(c => act.Allowed.Contains(c.Key)).OrderByDescending(c => c.Value.Score).ToList();
        var chosen = allowed.Where(c => c.Value.Score > 0 || act.Required.Contains(c.Key)).ToList();
        foreach (var extra in allowed.Except(chosen))
        {
            if (chosen.Count >= act.MinSlots)
            {
                break;
            }

            chosen.Add(extra);
        }

        // Required attributes first, then the surest, within the act's limit.
        return [.. chosen
            .OrderByDescending(c => act.Required.Contains(c.Key))
            .ThenByDescending(c => c.Value.Score)
            .Take(act.MaxSlots)
            .Select(c => new Slot(c.Key, c.Value.Value))];
    }

    /// <summary>Open values copied from the text: dates and years by their shape, names, developers and specifiers by the longest span seen in training.</summary>
    private Dictionary<SlotName, string> Copy(string text, string[] tokens)
    {
        var copied = new Dictionary<SlotName, string>();
        Match date = MonthDayYear().Match(text);
        string? year = tokens.FirstOrDefault(t => t.Length == 4 && t.All(char.IsAsciiDigit) && t[0] is '1' or '2');
        if (date.Success)
        {
            copied[SlotName.ExpReleaseDate] = date.Value;
        }
        else if (year is not null)
        {
            copied[SlotName.ExpReleaseDate] = year;
        }

        if (year is not null && !(date.Success && date.Value.EndsWith(year, StringComparison.Ordinal)))
        {
            copied[SlotName.ReleaseYear] = year;
        }

        var covered = new bool[tokens.Length];
        for (int n = Math.Min(10, tokens.Length); n >= 1; n--)
        {
            for (int i = 0; i + n <= tokens.Length; i++)
            {
                if (covered.AsSpan(i, n).Contains(true) || !Spans.TryGetValue(Tokenizer.Join(tokens.AsSpan(i, n)), out string? entry))
                {
                    continue;
                }

                string[] parts = entry.Split('\u001F');
                if (ViggoOntology.TryGetAttribute(parts[0], out AttributeDefinition? a) && !copied.ContainsKey(a.Attribute))
                {
                    copied[a.Attribute] = parts[1];
                    Array.Fill(covered, true, i, n);
                }
            }
        }

        if (!copied.ContainsKey(SlotName.Name) && ProperNounRule.Span(text) is { } title)
        {
            copied[SlotName.Name] = title;
        }

        return copied;
    }

    private static float Margin(AveragedPerceptron head, string[] features)
    {
        float[] scores = head.Scores(features);
        return scores[1] - scores[0];
    }

    private static bool HasItem(MeaningRepresentation mr, SlotName attribute, string item) =>
        mr.Slots.Any(s => s.Attribute == attribute && s.Items.Contains(item, StringComparer.Ordinal));

    /// <summary>Trains from chat-format examples (what a fine-tuning job reads).</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="skipped">Examples skipped.</param>
    public static MrModel Train(IEnumerable<ChatExample> examples, out int skipped) =>
        Train(examples.Select(e => (e.Text ?? string.Empty, e.Mr ?? string.Empty)), out skipped);

    [GeneratedRegex(@"(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDayYear();
}
