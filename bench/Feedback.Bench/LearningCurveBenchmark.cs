using System.Diagnostics;
using System.Text.Json;
using Feedback.Core.Corpora;
using Feedback.Core.Evaluation;
using Feedback.Emulator.Learning;
using Feedback.SampleData;

namespace Feedback.Bench;

/// <summary>
/// The local model's learning curve: trained on the first 100, 500, 1,000 and all examples of the real ViGGO training
/// split and scored on the real validation split, then the same on the project's generated data, with the product's
/// metrics, training time, prediction latency and model size.
/// </summary>
public static class LearningCurveBenchmark
{
    /// <summary>Runs it; <c>--viggo DIR</c> names the folder of train.jsonl and valid.jsonl (default ../shared/data/viggo).</summary>
    public static Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int at = Array.IndexOf(args, "--viggo");
        string folder = at >= 0 && at + 1 < args.Length ? args[at + 1] : Path.Combine("..", "shared", "data", "viggo");
        if (!File.Exists(Path.Combine(folder, "train.jsonl")) || !File.Exists(Path.Combine(folder, "valid.jsonl")))
        {
            Console.Error.WriteLine($"no ViGGO splits in {folder}: pass --viggo DIR (train.jsonl, valid.jsonl)");
            return Task.FromResult(2);
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        List<(string Text, string Mr)> train = Read(Path.Combine(folder, "train.jsonl"));
        List<(string Text, string Mr)> valid = Read(Path.Combine(folder, "valid.jsonl"));
        Console.WriteLine();
        Console.WriteLine($"Real ViGGO: trained on the first N of train.jsonl ({train.Count}), scored on valid.jsonl ({valid.Count})");
        Table(train, valid, [0, 100, 500, 1000, train.Count]);

        var generator = new UtteranceGenerator(new Random(1234));
        List<(string Text, string Mr)> generated = [.. Enumerable.Range(0, 5096).Select(_ => generator.Next(generator.NextAct())).Select(e => (e.Text, e.Mr))];
        List<(string Text, string Mr)> generatedTest = File.Exists("data/test/test.jsonl") ? Read("data/test/test.jsonl") : [.. generated.Skip(4696)];
        Console.WriteLine();
        Console.WriteLine($"Generated data: trained on the first N generated examples, scored on data/test/test.jsonl ({generatedTest.Count})");
        Table(generated, generatedTest, [0, 100, 500, 1000, generated.Count]);

        Console.WriteLine();
        Console.WriteLine($"Across: trained on all generated data, scored on real valid.jsonl");
        Table(generated, valid, [generated.Count]);
        return Task.FromResult(0);
    }

    private static void Table(List<(string Text, string Mr)> train, List<(string Text, string Mr)> test, int[] sizes)
    {
        Console.WriteLine();
        Console.WriteLine("| learner | training examples | exact match | act accuracy | slot F1 | train time (s) | prediction mean (ms) | prediction p99 (ms) | model size (MB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((string learner, int size) in Learners.SelectMany(l => sizes.Select(s => (l.Name, s))))
        {
            var clock = Stopwatch.StartNew();
            (Func<string, string> predict, byte[] file) = Learners.Single(l => l.Name == learner).Train(train.Take(size));
            double trainSeconds = clock.Elapsed.TotalSeconds;

            var latencies = new double[test.Count];
            var predictions = new string[test.Count];
            for (int i = 0; i < test.Count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                predictions[i] = predict(test[i].Text);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            QualityReport q = QualityMetrics.Compute(test.Select((t, i) => (t.Mr, predictions[i])));
            Array.Sort(latencies);
            double size_mb = file.Length / 1024.0 / 1024.0;
            Console.WriteLine(
                $"| {learner} | {size} | {q.ExactMatch:0.000} | {q.DialogueActAccuracy:0.000} | {q.Slots.F1:0.000} | {trainSeconds:0.00} | {latencies.Average():0.000} | {latencies[(int)(latencies.Length * 0.99)]:0.000} | {size_mb:0.00} |");
        }
    }

    private static readonly (string Name, Func<IEnumerable<(string, string)>, (Func<string, string> Predict, byte[] File)> Train)[] Learners =
    [
        ("naive Bayes (before)", data => { NaiveBayesMrModel m = NaiveBayesMrModel.Train(data, out _); return (m.Predict, JsonSerializer.SerializeToUtf8Bytes(m)); }),
        ("structured (MrModel)", data => { MrModel m = MrModel.Train(data, out _); return (m.Predict, JsonSerializer.SerializeToUtf8Bytes(m)); }),
    ];

    private static List<(string Text, string Mr)> Read(string path)
    {
        using var reader = new StreamReader(path);
        return [.. ViggoCorpus.Read(reader).Select(p => (p.Text, p.Mr))];
    }
}
