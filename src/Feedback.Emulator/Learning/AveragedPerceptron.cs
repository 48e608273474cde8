using System.Text.Json.Serialization;

namespace Feedback.Emulator.Learning;

/// <summary>
/// A multiclass averaged perceptron over sparse string features (Collins 2002): one weight vector per class, updated
/// on each mistake, and averaged over every step of training, which makes it as accurate as a linear model trained
/// to convergence on text and deterministic for a given example order.
/// </summary>
public sealed class AveragedPerceptron
{
    /// <summary>The classes, in a fixed order.</summary>
    [JsonInclude] public string[] Classes { get; private set; } = [];

    /// <summary>The averaged weights: feature to one weight per class.</summary>
    [JsonInclude] public Dictionary<string, float[]> Weights { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Trains on (features, class) examples for <paramref name="epochs"/> passes in a seeded order.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="classes">Every class (examples of other classes are skipped).</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="seed">The shuffle's seed.</param>
    public static AveragedPerceptron Train(IReadOnlyList<(string[] Features, string Class)> examples, IReadOnlyList<string> classes, int epochs = 8, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(classes);
        var model = new AveragedPerceptron { Classes = [.. classes] };
        var index = model.Classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var totals = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var stamps = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int k = model.Classes.Length, step = 0;
        int[] order = [.. Enumerable.Range(0, examples.Count)];
        var random = new Random(seed);
        var scores = new float[k];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (int e in order)
            {
                step++;
                (string[] features, string label) = examples[e];
                if (!index.TryGetValue(label, out int truth))
                {
                    continue;
                }

                Score(weights, features, scores);
                int guess = ArgMax(scores);
                if (guess == truth)
                {
                    continue;
                }

                foreach (string f in features)
                {
                    if (!weights.TryGetValue(f, out float[]? w))
                    {
                        weights[f] = w = new float[k];
                        totals[f] = new double[k];
                        stamps[f] = new int[k];
                    }

                    double[] total = totals[f];
                    int[] stamp = stamps[f];
                    foreach ((int c, float delta) in new[] { (truth, 1f), (guess, -1f) })
                    {
                        total[c] += (step - stamp[c]) * (double)w[c];
                        stamp[c] = step;
                        w[c] += delta;
                    }
                }
            }
        }

        foreach ((string f, float[] w) in weights)
        {
            double[] total = totals[f];
            int[] stamp = stamps[f];
            var averaged = new float[k];
            for (int c = 0; c < k; c++)
            {
                averaged[c] = (float)((total[c] + ((step - stamp[c]) * (double)w[c])) / step);
            }

            if (averaged.Any(a => Math.Abs(a) > 1e-6))
            {
                model.Weights[f] = averaged;
            }
        }

        return model;
    }

    /// <summary>The score of each class for the features.</summary>
    /// <param name="features">The features.</param>
    public float[] Scores(IEnumerable<string> features)
    {
        var scores = new float[Classes.Length];
        Score(Weights, features, scores);
        return scores;
    }

    /// <summary>The best class and its margin over the second best.</summary>
    /// <param name="features">The features.</param>
    public (string Class, float Margin) Best(IEnumerable<string> features)
    {
        float[] scores = Scores(features);
        int best = ArgMax(scores);
        float second = scores.Where((_, i) => i != best).DefaultIfEmpty(float.MinValue).Max();
        return (Classes[best], scores[best] - second);
    }

    private static void Score(Dictionary<string, float[]> weights, IEnumerable<string> features, float[] scores)
    {
        Array.Clear(scores);
        foreach (string f in features)
        {
            if (weights.TryGetValue(f, out float[]? w))
            {
                for (int c = 0; c < scores.Length; c++)
                {
                    scores[c] += w[c];
                }
            }
        }
    }

    private static int ArgMax(float[] scores)
    {
        int best = 0;
        for (int c = 1; c < scores.Length; c++)
        {
            if (scores[c] > scores[best])
            {
                best = c;
            }
        }

        return best;
    }
}
