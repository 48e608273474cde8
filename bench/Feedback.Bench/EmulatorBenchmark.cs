using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feedback.Core.Evaluation;
using Feedback.Emulator;
using Feedback.Emulator.Learning;
using Feedback.SampleData;

namespace Feedback.Bench;

/// <summary>Emulator training time by data size, and prediction latency and throughput, direct and over HTTP.</summary>
public static class EmulatorBenchmark
{
    public static async Task<int> RunAsync()
    {
        var generator = new UtteranceGenerator(new Random(1234));
        var pool = Enumerable.Range(0, 5000).Select(_ => generator.Next(generator.NextAct())).Select(e => (e.Text, e.Mr)).ToList();
        var test = File.Exists("data/test/test.jsonl")
            ? File.ReadLines("data/test/test.jsonl").Select(l => JsonNode.Parse(l)!).Select(n => ((string)n["text"]!, (string)n["mr"]!)).ToList()
            : pool.Take(400).ToList();

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| training examples | train time (ms) | exact match on test | act accuracy | slot F1 |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        MrModel? model = null;
        foreach (var size in new[] { 100, 500, 5000 })
        {
            var data = pool.Take(size).ToList();
            _ = MrModel.Train(data.Take(10), out _);
            var sw = Stopwatch.StartNew();
            model = MrModel.Train(data, out _);
            sw.Stop();
            var m = model;
            var q = QualityMetrics.Compute(test.Select(t => (t.Item2, m.Predict(t.Item1))));
            Console.WriteLine($"| {size} | {sw.Elapsed.TotalMilliseconds:0.0} | {q.ExactMatch:0.000} | {q.DialogueActAccuracy:0.000} | {q.Slots.F1:0.000} |");
        }

        // Direct predictions.
        var texts = test.Select(t => t.Item1).ToArray();
        for (var i = 0; i < 200; i++) model!.Predict(texts[i % texts.Length]);
        const int directCount = 4000;
        var direct = Stopwatch.StartNew();
        for (var i = 0; i < directCount; i++) model!.Predict(texts[i % texts.Length]);
        direct.Stop();

        // Over HTTP: the chat endpoint of a service serving the same kind of model.
        var work = Directory.CreateTempSubdirectory("bench-emulator-");
        await using var app = await EmulatorApp.StartInProcessAsync("emulator-token", work.FullName, serviceStartDelay: TimeSpan.FromMilliseconds(0));
        var service = await EmulatorSeeding.DeployAsync(app, Path.Combine(work.FullName, "adapters"), "bench", "bench:model", model!);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service!.AuthToken);
        async Task<double> CallAsync(string text)
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("serve/bench/v1/chat/completions", new { model = "bench:model", temperature = 0, messages = new[] { new { role = "user", content = text } } });
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsStringAsync();
            return sw.Elapsed.TotalMilliseconds;
        }
        for (var i = 0; i < 200; i++) await CallAsync(texts[i % texts.Length]);
        const int httpCount = 2000;
        var latencies = new List<double>(httpCount);
        var overHttp = Stopwatch.StartNew();
        for (var i = 0; i < httpCount; i++) latencies.Add(await CallAsync(texts[i % texts.Length]));
        overHttp.Stop();
        latencies.Sort();
        var concurrent = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, httpCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) => await CallAsync(texts[i % texts.Length]));
        concurrent.Stop();
        await app.StopAsync();
        work.Delete(recursive: true);

        Console.WriteLine();
        Console.WriteLine("| prediction | calls | mean (ms) | p50 (ms) | p99 (ms) | throughput (/s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| direct (in process) | {directCount} | {direct.Elapsed.TotalMilliseconds / directCount:0.000} | | | {directCount / direct.Elapsed.TotalSeconds:0} |");
        Console.WriteLine($"| chat endpoint, 1 client | {httpCount} | {overHttp.Elapsed.TotalMilliseconds / httpCount:0.000} | {latencies[httpCount / 2]:0.000} | {latencies[(int)(httpCount * 0.99)]:0.000} | {httpCount / overHttp.Elapsed.TotalSeconds:0} |");
        Console.WriteLine($"| chat endpoint, 8 clients | {httpCount} | | | | {httpCount / concurrent.Elapsed.TotalSeconds:0} |");
        return 0;
    }
}
