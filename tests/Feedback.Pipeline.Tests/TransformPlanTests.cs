using Feedback.Pipeline.DataUpdate;

namespace Feedback.Pipeline.Tests;

public sealed class TransformPlanTests
{
    private static SourceObjectRef Object(int i, long size) => new("api", "api", $"sources/api/{i:D4}.jsonl", $"e{i}", size);

    [Fact]
    public void Batch_ManySmallObjects_GroupsThemByCountInOrder()
    {
        var objects = Enumerable.Range(0, 130).Select(i => Object(i, 100)).ToList();

        IReadOnlyList<IReadOnlyList<SourceObjectRef>> batches = new TransformPlan(8, 64, 1 << 20).Batch(objects);

        Assert.Equal([64, 64, 2], batches.Select(b => b.Count));
        Assert.Equal(objects, batches.SelectMany(b => b));
    }

    [Fact]
    public void Batch_BigObjects_CloseABatchAtTheByteLimitAndStandAloneWhenBiggerThanIt()
    {
        SourceObjectRef[] objects = [Object(0, 400), Object(1, 400), Object(2, 400), Object(3, 5000), Object(4, 10)];

        IReadOnlyList<IReadOnlyList<SourceObjectRef>> batches = new TransformPlan(8, 64, 1000).Batch(objects);

        Assert.Equal([2, 1, 1, 1], batches.Select(b => b.Count));
        Assert.Equal("e3", Assert.Single(batches[2]).ETag);
    }

    [Fact]
    public void Batch_NoObjects_NoBatches() => Assert.Empty(new TransformPlan(1, 1, 1024).Batch([]));
}
