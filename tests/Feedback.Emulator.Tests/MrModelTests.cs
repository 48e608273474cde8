using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.Evaluation;
using Feedback.Core.Mr;
using Feedback.Emulator.Learning;
using Xunit.Abstractions;

namespace Feedback.Emulator.Tests;

public class MrModelTests(ITestOutputHelper output)
{
    private static List<(string Text, string Mr)> Load(string path) =>
        File.ReadLines(Path.Combine(RepositoryPaths.Data, path))
            .Select(l => JsonNode.Parse(l)!)
            .Select(n => ((string)n["text"]!, (string)n["mr"]!))
            .ToList();

    [Fact]
    public void Train_MoreData_ScoresHigherExactMatchOnTheTestSet()
    {
        var curated = Load("curated/train-100.jsonl");
        var grown = curated.Concat(Load("expansion/train-500.jsonl")).ToList();
        var test = Load("test/test.jsonl");

        var untrained = MrModel.Train(new List<(string, string)>(), out _);
        var small = MrModel.Train(curated, out _);
        var large = MrModel.Train(grown, out _);
        var scores = new[] { untrained, small, large }
            .Select(m => QualityMetrics.Compute(test.Select(t => (t.Mr, m.Predict(t.Text)))))
            .ToArray();

        output.WriteLine($"base model:        exact {scores[0].ExactMatch:0.000}  act {scores[0].DialogueActAccuracy:0.000}  slot F1 {scores[0].Slots.F1:0.000}");
        output.WriteLine($"curated 100:       exact {scores[1].ExactMatch:0.000}  act {scores[1].DialogueActAccuracy:0.000}  slot F1 {scores[1].Slots.F1:0.000}");
        output.WriteLine($"curated + 500:     exact {scores[2].ExactMatch:0.000}  act {scores[2].DialogueActAccuracy:0.000}  slot F1 {scores[2].Slots.F1:0.000}");
        Assert.True(scores[0].ExactMatch < scores[1].ExactMatch, "base < 100");
        Assert.True(scores[1].ExactMatch < scores[2].ExactMatch, "100 < 600");
        Assert.True(scores[0].DialogueActAccuracy < 0.1);
    }

    [Fact]
    public void Predict_AnyText_IsAlwaysAValidMr()
    {
        var model = MrModel.Train(Load("curated/train-100.jsonl"), out _);
        string[] inputs = ["", "???", "🔥🔥🔥", "Portal 2 Portal 2 Portal 2", new string('a', 5000), "What year? 1999 2005 2019 March 3, 2019", "[x](y)"];

        foreach (var input in inputs.Concat(Load("test/test.jsonl").Select(t => t.Text)))
        {
            var check = MrCheck.Check(model.Predict(input));
            Assert.True(check.IsValid, $"{input} -> {check.Reason}");
        }
    }

    [Fact]
    public void Model_SerializedAndLoaded_PredictsTheSame()
    {
        var model = MrModel.Train(Load("curated/train-100.jsonl"), out _);
        var loaded = JsonSerializer.Deserialize<MrModel>(JsonSerializer.Serialize(model))!;

        foreach (var (text, _) in Load("test/test.jsonl").Take(50)) Assert.Equal(model.Predict(text), loaded.Predict(text));
    }

    [Fact]
    public void Train_InvalidRows_AreSkippedAndCounted()
    {
        var model = MrModel.Train([("a", "nope"), ("", "request(specifier[fun])"), ("what's fun", "request(specifier[fun])")], out var skipped);

        Assert.Equal(2, skipped);
        Assert.Equal(1, model.TrainedOn);
    }

    private static List<(string Text, string Mr)> Real(string split)
    {
        string path = Path.Combine(RepositoryPaths.Root, "..", "shared", "data", "viggo", $"{split}.jsonl");
        Assert.True(File.Exists(path), $"The real ViGGO splits are expected beside the checkout (CI copies ../shared): {path}");
        return File.ReadLines(path).Select(l => JsonNode.Parse(l)!).Select(n => ((string)n["text"]!, (string)n["mr"]!)).ToList();
    }

    [Fact]
    public void Train_SmallSliceOfRealViggo_BeatsTheUntrainedModelOnTheValidationSplit()
    {
        List<(string Text, string Mr)> valid = Real("valid");

        double untrained = QualityMetrics.Compute(valid.Select(v => (v.Mr, MrModel.Train(new List<(string, string)>(), out _).Predict(v.Text)))).ExactMatch;
        MrModel slice = MrModel.Train(Real("train").Take(500), out _);
        double trained = QualityMetrics.Compute(valid.Select(v => (v.Mr, slice.Predict(v.Text)))).ExactMatch;

        output.WriteLine($"untrained {untrained:0.000}, first 500 real {trained:0.000}");
        Assert.True(trained > untrained + 0.05, $"first 500 real examples: {trained:0.000}; untrained: {untrained:0.000}");
    }

    [Fact]
    public void Train_RealDataVersusGeneratedData_TheRealModelWinsOnTheRealValidationSplit()
    {
        List<(string Text, string Mr)> valid = Real("valid");
        MrModel real = MrModel.Train(Real("train").Take(1000), out _);
        MrModel generated = MrModel.Train(Load("curated/train-100.jsonl").Concat(Load("expansion/train-500.jsonl")).Concat(Load("test/test.jsonl")), out _);

        double onReal = QualityMetrics.Compute(valid.Select(v => (v.Mr, real.Predict(v.Text)))).ExactMatch;
        double onGenerated = QualityMetrics.Compute(valid.Select(v => (v.Mr, generated.Predict(v.Text)))).ExactMatch;

        output.WriteLine($"trained on 1,000 real: {onReal:0.000}; on 1,000 generated: {onGenerated:0.000}");
        Assert.True(onReal > onGenerated + 0.1, $"real {onReal:0.000} vs generated {onGenerated:0.000}");
    }

    [Theory]
    [InlineData("I didn't enjoy Myst at all, it was boring.", "rating", "poor")]
    [InlineData("Myst is a puzzle game that isn't available on Linux.", "has_linux_release", "no")]
    public void Predict_ImpliedClosedValue_UsesTheNegationRule(string text, string attribute, string value)
    {
        MrModel model = MrModel.Train(Real("train"), out _);

        var mr = MeaningRepresentation.Parse(model.Predict(text));

        Assert.True(ViggoOntology.TryGetAttribute(attribute, out AttributeDefinition? a));
        Assert.Equal(value, mr[a.Attribute]);
    }
}
