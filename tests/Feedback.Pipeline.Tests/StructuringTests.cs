using System.Collections.Concurrent;
using System.Text;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Structuring;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Feedback.Pipeline.Tests;

public sealed class StructuringTests
{
    private const string Service = "viggo";

    [Fact]
    public void FromAnswer_ValidMr_IsValidAndParsedWithListsAsArrays()
    {
        StructuredText result = StructuredText.FromAnswer("t", "inform(name[The Sims 2], rating[poor], genres[simulation, strategy])", "m1");

        Assert.True(result.Valid);
        Assert.Null(result.Error);
        Assert.Equal("inform", result.Parsed!.DialogueAct);
        Assert.Equal("The Sims 2", result.Parsed.Attributes["name"]);
        Assert.Equal(new[] { "simulation", "strategy" }, (string[])result.Parsed.Attributes["genres"]);
    }

    [Theory]
    [InlineData("I think it is an inform act", "parse:")]
    [InlineData("verify_attribute(name[Myst])", "rule:")]
    [InlineData("inform(name[Myst], rating[great])", "rule:")]
    [InlineData("", "parse:")]
    public void FromAnswer_AnswerThatIsNotAValidMr_IsFlaggedNeverValid(string answer, string code)
    {
        StructuredText result = StructuredText.FromAnswer("t", answer, "m1");

        Assert.False(result.Valid);
        Assert.StartsWith(code, result.Error, StringComparison.Ordinal);
        Assert.Equal(answer, result.Mr);
    }

    [Fact]
    public void TryRead_OneTextAndABatch_NormalisesTheTexts()
    {
        Assert.True(StructureRequest.TryRead("""{"text":"  Is   Myst  fun? "}"""u8, 4, out IReadOnlyList<string> one, out _));
        Assert.True(StructureRequest.TryRead("""{"texts":["a\u0007b","c"]}"""u8, 4, out IReadOnlyList<string> batch, out _));

        Assert.Equal(["Is Myst fun?"], one);
        Assert.Equal(["ab", "c"], batch);
    }

    [Theory]
    [InlineData("""{"texts":["a","b","c","d","e"]}""", "texts")]
    [InlineData("""{"texts":["a",null]}""", "texts[1]")]
    [InlineData("""{"text":"\u200B"}""", "text")]
    [InlineData("""[[[[[[[[[[1]]]]]]]]]]""", "body")]
    [InlineData("""null""", "body")]
    public void TryRead_BadBody_NamesTheField(string body, string field)
    {
        Assert.False(StructureRequest.TryRead(Encoding.UTF8.GetBytes(body), 4, out _, out IDictionary<string, string[]> errors));
        Assert.True(errors.ContainsKey(field), string.Join(", ", errors.Keys));
    }

    [Fact]
    public async Task StructureAsync_BeforeAnyChampion_UsesTheBaseModelThenTheChampionOnceTheCacheExpires()
    {
        var store = new MemoryObjectStore();
        var registry = new ModelRegistry(store);
        var endpoint = new RecordingEndpoint(_ => "inform(name[The Sims 2], rating[poor], genres[simulation])");
        var time = new FakeTimeProvider();
        using FeedbackStructurer structurer = Create(registry, endpoint, time);

        StructureResponse before = await structurer.StructureAsync(["one"]);
        await registry.RegisterChallengerAsync(new RegisteredModel("m:ds-1", "ds-1", "job", ModelState.Challenger, time.GetUtcNow()));
        await registry.PromoteAsync("m:ds-1", null, "test", "better", time.GetUtcNow());
        StructureResponse cached = await structurer.StructureAsync(["two"]);
        time.Advance(TimeSpan.FromSeconds(6));
        StructureResponse after = await structurer.StructureAsync(["three"]);

        Assert.Equal("base/model", before.ModelId);
        Assert.Equal("base/model", cached.ModelId);
        Assert.Equal("m:ds-1", after.ModelId);
        Assert.All(endpoint.Calls, c => Assert.False(c.Canary));
        Assert.All(endpoint.Calls, c => Assert.Equal(Service, c.Service));
    }

    [Fact]
    public async Task StructureAsync_Batch_KeepsOrderCountsValidAndBoundsConcurrency()
    {
        var endpoint = new RecordingEndpoint(text => text.StartsWith("bad", StringComparison.Ordinal) ? "nonsense" : "inform(name[The Sims 2], rating[poor], genres[simulation])", delay: TimeSpan.FromMilliseconds(20));
        using FeedbackStructurer structurer = Create(new ModelRegistry(new MemoryObjectStore()), endpoint, TimeProvider.System, concurrency: 3);
        string[] texts = [.. Enumerable.Range(0, 12).Select(i => i % 4 == 0 ? $"bad {i}" : $"good {i}")];

        StructureResponse response = await structurer.StructureAsync(texts);

        Assert.Equal(texts, response.Items.Select(i => i.Text));
        Assert.Equal(9, response.Valid);
        Assert.All(response.Items.Where(i => i.Text.StartsWith("bad", StringComparison.Ordinal)), i => Assert.False(i.Valid));
        Assert.InRange(endpoint.MaxInFlight, 1, 3);
    }

    [Fact]
    public async Task StructureAsync_EndpointDown_ThrowsModelUnavailable()
    {
        var endpoint = new RecordingEndpoint(_ => throw new HttpRequestException("connection refused"));
        using FeedbackStructurer structurer = Create(new ModelRegistry(new MemoryObjectStore()), endpoint, TimeProvider.System);

        ModelUnavailableException e = await Assert.ThrowsAsync<ModelUnavailableException>(() => structurer.StructureAsync(["x"]));

        Assert.Contains("connection refused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summarize_Batches_AddsCountsAndKeepsTheTenMostNamedGames()
    {
        var batches = Enumerable.Range(0, 3).Select(b => new StructuredBatchCounts(
            10, 8,
            new Dictionary<string, long> { ["inform"] = 5, ["request"] = 3 },
            Enumerable.Range(0, 6).ToDictionary(g => $"game {b * 6 + g}", g => (long)(g + 1)),
            new Dictionary<string, long> { ["good"] = 2 })).ToList();

        StructuringSummary summary = StructureFeedbackOrchestration.Summarize("v1", "m", DateTimeOffset.UnixEpoch, batches);

        Assert.Equal(30, summary.Records);
        Assert.Equal(24, summary.Valid);
        Assert.Equal(15, summary.ByAct["inform"]);
        Assert.Equal(6, summary.Ratings["good"]);
        Assert.Equal(10, summary.TopGames.Count);
        Assert.Equal(6, summary.TopGames.First().Value);
    }

    private static FeedbackStructurer Create(ModelRegistry registry, IModelEndpoint endpoint, TimeProvider time, int concurrency = 8) =>
        new(registry, endpoint,
            Options.Create(new ModelUpdateOptions { ServiceName = Service, BaseModelId = "base/model" }),
            Options.Create(new StructuringOptions { RequestConcurrency = concurrency }),
            time);

    private sealed class RecordingEndpoint(Func<string, string> answer, TimeSpan delay = default) : IModelEndpoint
    {
        private int _inFlight;
        private int _maxInFlight;

        public ConcurrentBag<(string Service, string Model, bool Canary)> Calls { get; } = [];

        public int MaxInFlight => _maxInFlight;

        public async Task<string> CompleteAsync(string serviceName, string modelId, string text, bool canary, CancellationToken cancellationToken = default)
        {
            int now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = _maxInFlight) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            try
            {
                Calls.Add((serviceName, modelId, canary));
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken);
                }

                return answer(text);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
