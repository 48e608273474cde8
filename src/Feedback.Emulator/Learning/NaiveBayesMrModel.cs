using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Feedback.Core.Mr;

namespace Feedback.Emulator.Learning;

/// <summary>
/// The emulator's previous text-to-MR model, kept as the baseline of the learning-curve benchmark (<c>bench learning</c>);
/// <see cref="MrModel"/> replaced it. Learned from chat-format training examples in well under a second:
/// a multinomial naive Bayes classifier of the dialogue act over word unigrams and bigrams; gazetteers of the
/// open-text values seen in training (names, developers, specifiers); a lexicon of word n-grams that signal a
/// closed value, kept when they predict it precisely enough in the training data; patterns for years and
/// dates. Decoding tries acts from most to least likely and returns the first valid MR, so every prediction
/// is a valid, canonical MR. It knows only what its data showed it, so more data makes it better, and with no
/// data (the base model) it answers like an untrained model.
/// </summary>
public sealed partial class NaiveBayesMrModel
{
    private const int MaxNgram = 4;
    private const double MinPrecision = 0.7;
    private const int MinSupport = 2;

    /// <summary>The answer of a model with no training at all.</summary>
    public const string UntrainedAnswer = "request_attribute(genres[])";

    /// <summary>Examples the model was trained on.</summary>
    [JsonInclude] public int TrainedOn { get; private set; }

    /// <summary>Examples per act.</summary>
    [JsonInclude] public Dictionary<string, int> ActCounts { get; private set; } = [];

    /// <summary>Feature counts per act.</summary>
    [JsonInclude] public Dictionary<string, Dictionary<string, int>> ActFeatures { get; private set; } = [];

    /// <summary>Feature counts per requested attribute (request_attribute examples).</summary>
    [JsonInclude] public Dictionary<string, Dictionary<string, int>> RequestedFeatures { get; private set; } = [];

    /// <summary>Open-text values by token sequence: "attr\u001Fvalue".</summary>
    [JsonInclude] public Dictionary<string, string> Gazetteer { get; private set; } = [];

    /// <summary>N-gram to "attr\u001Fitem\u001Fprecision".</summary>
    [JsonInclude] public Dictionary<string, string> Lexicon { get; private set; } = [];

    /// <summary>Words seen just before a year that was an expected release date.</summary>
    [JsonInclude] public HashSet<string> ExpectedDateContext { get; private set; } = [];

    /// <summary>Trains a model on (text, MR) pairs; invalid MRs are skipped and counted.</summary>
    public static NaiveBayesMrModel Train(IEnumerable<(string Text, string Mr)> examples, out int skipped)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var model = new NaiveBayesMrModel();
        skipped = 0;
        var ngramTotals = new Dictionary<string, int>(StringComparer.Ordinal);
        var ngramTargets = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (text, mrText) in examples)
        {
            var check = MrCheck.Check(mrText);
            if (!check.IsValid || string.IsNullOrWhiteSpace(text))
            {
                skipped++;
                continue;
            }
            var mr = check.Mr;
            var tokens = Tokenizer.Tokens(text);
            var act = mr.Act.WireName();
            model.TrainedOn++;
            model.ActCounts[act] = model.ActCounts.GetValueOrDefault(act) + 1;
            var features = model.ActFeatures.TryGetValue(act, out var f) ? f : model.ActFeatures[act] = [];
            foreach (var feature in Features(tokens)) features[feature] = features.GetValueOrDefault(feature) + 1;
            if (mr.Act == DialogueAct.RequestAttribute)
            {
                var attr = mr.Slots[0].Attribute.WireName();
                var requested = model.RequestedFeatures.TryGetValue(attr, out var r) ? r : model.RequestedFeatures[attr] = [];
                foreach (var feature in Features(tokens)) requested[feature] = requested.GetValueOrDefault(feature) + 1;
                continue;
            }

            var targets = new List<string>();
            foreach (var slot in mr.Slots)
            {
                switch (slot.Attribute)
                {
                    case SlotName.Name or SlotName.Developer or SlotName.Specifier:
                        var key = Tokenizer.Join(Tokenizer.Tokens(slot.Value));
                        if (key.Length > 0) model.Gazetteer[key] = $"{slot.Attribute.WireName()}\u001F{slot.Value}";
                        break;
                    case SlotName.ReleaseYear:
                        break;
                    case SlotName.ExpReleaseDate:
                        var at = Array.IndexOf(tokens, slot.Value.Length == 4 ? slot.Value : "\u0000");
                        if (at > 0) model.ExpectedDateContext.Add(tokens[at - 1]);
                        if (at > 1) model.ExpectedDateContext.Add(tokens[at - 2]);
                        break;
                    default:
                        targets.AddRange(slot.Items.Select(item => $"{slot.Attribute.WireName()}\u001F{item}"));
                        break;
                }
            }
            foreach (var ngram in Ngrams(tokens).Distinct())
            {
                ngramTotals[ngram] = ngramTotals.GetValueOrDefault(ngram) + 1;
                if (targets.Count == 0) continue;
                var counts = ngramTargets.TryGetValue(ngram, out var c) ? c : ngramTargets[ngram] = new(StringComparer.Ordinal);
                foreach (var target in targets) counts[target] = counts.GetValueOrDefault(target) + 1;
            }
        }

        foreach (var (ngram, counts) in ngramTargets)
        {
            var (target, with) = counts.MaxBy(c => (c.Value, c.Key))!;
            var precision = (double)with / ngramTotals[ngram];
            if (with >= MinSupport && precision >= MinPrecision)
                model.Lexicon[ngram] = $"{target}\u001F{precision.ToString("0.###", CultureInfo.InvariantCulture)}";
        }
        return model;
    }

    /// <summary>Predicts the MR of a feedback text. Always a valid, canonical MR.</summary>
    public string Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TrainedOn == 0) return UntrainedAnswer;
        var tokens = Tokenizer.Tokens(text);
        var features = Features(tokens).ToList();
        var found = Extract(text, tokens);

        foreach (var act in RankActs(features))
        {
            var definition = ViggoOntology.Get(act);
            List<Slot> slots;
            if (act == DialogueAct.RequestAttribute)
            {
                var attr = (_requested ??= new NaiveBayes(RequestedFeatures)).Rank(features).FirstOrDefault();
                if (attr is null || !ViggoOntology.TryGetAttribute(attr, out var a)) continue;
                slots = [new Slot(a.Attribute, string.Empty)];
            }
            else
            {
                slots = found.Where(s => definition.Allowed.Contains(s.Attribute)).Take(definition.MaxSlots).ToList();
            }
            var mr = MrCanonicalizer.Canonicalize(new MeaningRepresentation(act, slots));
            if (MrValidator.Validate(mr).Count == 0) return mr.Format();
        }
        return UntrainedAnswer;
    }

    private List<Slot> Extract(string text, string[] tokens)
    {
        var covered = new bool[tokens.Length];
        var slots = new List<(SlotName Attribute, string Value, double Score)>();

        foreach (Match date in MonthDayYear().Matches(text))
            slots.Add((SlotName.ExpReleaseDate, date.Value, 1.0));
        for (var i = 0; i < tokens.Length; i++)
        {
            if (slots.Any(s => s.Attribute == SlotName.ExpReleaseDate && s.Value.EndsWith(tokens[i], StringComparison.Ordinal))) continue;
            if (tokens[i].Length == 4 && tokens[i].All(char.IsAsciiDigit) && tokens[i][0] is '1' or '2')
            {
                var expected = (i > 0 && ExpectedDateContext.Contains(tokens[i - 1])) || (i > 1 && ExpectedDateContext.Contains(tokens[i - 2]));
                slots.Add((expected ? SlotName.ExpReleaseDate : SlotName.ReleaseYear, tokens[i], 0.9));
            }
        }

        // Longest match first: gazetteer values, then lexicon n-grams, never overlapping.
        for (var n = Math.Min(8, tokens.Length); n >= 1; n--)
        {
            for (var i = 0; i + n <= tokens.Length; i++)
            {
                if (covered.AsSpan(i, n).Contains(true)) continue;
                var key = Tokenizer.Join(tokens.AsSpan(i, n));
                if (Gazetteer.TryGetValue(key, out var entry))
                {
                    var parts = entry.Split('\u001F');
                    if (ViggoOntology.TryGetAttribute(parts[0], out var a)) slots.Add((a.Attribute, parts[1], 2.0 + n));
                    Array.Fill(covered, true, i, n);
                }
                else if (n <= MaxNgram && Lexicon.TryGetValue(key, out var hit))
                {
                    var parts = hit.Split('\u001F');
                    if (ViggoOntology.TryGetAttribute(parts[0], out var a))
                        slots.Add((a.Attribute, parts[1], double.Parse(parts[2], CultureInfo.InvariantCulture) + n * 0.01));
                    Array.Fill(covered, true, i, n);
                }
            }
        }

        var result = new List<Slot>();
        foreach (var group in slots.GroupBy(s => s.Attribute))
        {
            var definition = ViggoOntology.Get(group.Key);
            if (definition.Kind == AttributeKind.List)
            {
                var items = group.Select(g => g.Value).Distinct(StringComparer.Ordinal).Take(definition.MaxItems);
                result.Add(new Slot(group.Key, MrCanonicalizer.CanonicalListValue(group.Key, string.Join(ViggoOntology.Separator, items))));
            }
            else
            {
                result.Add(new Slot(group.Key, group.OrderByDescending(g => g.Score).First().Value));
            }
        }
        // Strongest evidence first, so trimming to an act's slot limit drops the weakest.
        return result.OrderByDescending(s => slots.Where(x => x.Attribute == s.Attribute).Max(x => x.Score)).ToList();
    }

    private NaiveBayes? _acts;
    private NaiveBayes? _requested;

    private IEnumerable<DialogueAct> RankActs(List<string> features)
    {
        foreach (var act in (_acts ??= new NaiveBayes(ActFeatures)).Rank(features))
        {
            if (ViggoOntology.TryGetAct(act, out var definition)) yield return definition.Act;
        }
        foreach (var act in Enum.GetValues<DialogueAct>()) yield return act;
    }

    /// <summary>Multinomial naive Bayes over feature counts; the normalisers are computed once, not per prediction.</summary>
    private sealed class NaiveBayes
    {
        private readonly (string Key, Dictionary<string, int> Counts, int Size)[] _classes;
        private readonly int _vocabulary;
        private readonly int _total;

        public NaiveBayes(Dictionary<string, Dictionary<string, int>> classes)
        {
            _classes = classes.Select(c => (c.Key, c.Value, c.Value.Values.Sum())).ToArray();
            _vocabulary = classes.Values.SelectMany(c => c.Keys).Distinct().Count() + 1;
            _total = _classes.Sum(c => c.Size) + 1;
        }

        public IEnumerable<string> Rank(List<string> features) => _classes
            .Select(c =>
            {
                var prior = Math.Log((double)(c.Size + 1) / _total);
                var score = prior + features.Sum(f => Math.Log((c.Counts.GetValueOrDefault(f) + 1.0) / (c.Size + _vocabulary)));
                return (c.Key, score);
            })
            .OrderByDescending(c => c.score)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key);
    }

    private static IEnumerable<string> Features(string[] tokens)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            yield return tokens[i];
            if (i + 1 < tokens.Length) yield return tokens[i] + " " + tokens[i + 1];
        }
        if (tokens.Length > 0) yield return "^" + tokens[0];
    }

    private static IEnumerable<string> Ngrams(string[] tokens)
    {
        for (var n = 1; n <= MaxNgram; n++)
        {
            for (var i = 0; i + n <= tokens.Length; i++) yield return Tokenizer.Join(tokens.AsSpan(i, n));
        }
    }

    [GeneratedRegex(@"(January|February|March|April|May|June|July|August|September|October|November|December) [1-9][0-9]?, [0-9]{4}")]
    private static partial Regex MonthDayYear();
}
