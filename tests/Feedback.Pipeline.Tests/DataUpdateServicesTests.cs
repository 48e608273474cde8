using System.Text;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Tests;

/// <summary>The transform and the join as plain services, with the store in memory.</summary>
public sealed class DataUpdateServicesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private const string HeldOut = "What is it about games released in 2005 that makes you think it's such a fantastic year?";
    private readonly MemoryObjectStore _store = new();

    private async Task<TransformedObject> TransformAsync(string key, params string[] rows)
    {
        StoredObject stored = await _store.WriteAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', rows) + "\n")));
        var transform = new SourceObjectTransform(_store, NullLogger<SourceObjectTransform>.Instance);
        return await transform.TransformAsync(new SourceObjectRef("api", "api", key, stored.ETag, stored.Size));
    }

    private DatasetVersionBuilder Builder() => new(_store, Options.Create(new DataUpdateOptions()), NullLogger<DatasetVersionBuilder>.Instance);

    private async Task TestSetAsync() =>
        await _store.WriteAsync("reference/test.jsonl", new MemoryStream(Encoding.UTF8.GetBytes(
            $$"""{"text":"{{HeldOut}}","mr":"request_explanation(release_year[2005], rating[excellent])"}""" + "\n")));

    [Fact]
    public async Task Build_NewExport_KeepsNewRecordsDropsDuplicatesAndHeldOutTextsAndQuarantinesBadRows()
    {
        await TestSetAsync();
        TransformedObject transformed = await TransformAsync(
            "sources/api/a.jsonl",
            """{"id":"1","text":"You loved Portal 2, so do you like games on Steam?","mr":"verify_attribute(name[Portal 2], rating[excellent], available_on_steam[yes])","receivedAt":"2026-12-01T10:00:00Z"}""",
            """{"id":"2","text":"You loved Portal 2, so do you like games on Steam?","mr":"verify_attribute(name[Portal 2], rating[excellent], available_on_steam[yes])","receivedAt":"2026-12-01T10:01:00Z"}""",
            $$"""{"id":"3","text":"{{HeldOut}}","mr":"request_explanation(release_year[2005], rating[excellent])","receivedAt":"2026-12-01T10:02:00Z"}""",
            """{"id":"4","text":"Any good co-op games for the weekend?","receivedAt":"2026-12-01T10:03:00Z"}""",
            """{"id":"5","text":"broken label","mr":"inform(","receivedAt":"2026-12-01T10:04:00Z"}""");

        DatasetBuildResult built = await Builder().BuildAsync(new DatasetBuildRequest(null, [transformed], Now, "run-1"));

        Assert.Equal(5, transformed.RowsRead);
        Assert.Equal(4, transformed.Accepted);
        Assert.NotNull(transformed.QuarantineKey);
        Assert.NotNull(built.Version);
        Assert.Equal((1L, 1L, 1L), (built.NewLabelled, built.NewUnlabelled, built.TotalLabelled));
        SourceRunMetrics api = Assert.Single(built.Sources);
        Assert.Equal((1L, 1L), (api.Duplicates, api.HeldOut));
        Assert.NotNull(await _store.ReadTaggedAsync(StoreLayout.DatasetFile(built.Version!, "manifest.json")));
    }

    [Fact]
    public async Task Build_SameRecordsOnTheirOwnVersion_MakesNoNewVersion()
    {
        await TestSetAsync();
        TransformedObject transformed = await TransformAsync(
            "sources/api/b.jsonl",
            """{"id":"1","text":"You loved Portal 2, so do you like games on Steam?","mr":"verify_attribute(name[Portal 2], rating[excellent], available_on_steam[yes])","receivedAt":"2026-12-01T10:00:00Z"}""");
        DatasetBuildResult first = await Builder().BuildAsync(new DatasetBuildRequest(null, [transformed], Now, "run-1"));

        DatasetBuildResult again = await Builder().BuildAsync(new DatasetBuildRequest(first.Version, [transformed], Now, "run-2"));

        Assert.Null(again.Version);
        Assert.Equal(1, again.TotalLabelled);
    }

    [Fact]
    public async Task Build_SameInputsTwice_GivesTheSameVersion()
    {
        await TestSetAsync();
        TransformedObject transformed = await TransformAsync(
            "sources/api/c.jsonl",
            """{"id":"1","text":"What kinds of games do you like?","mr":"request_attribute(genres[])","receivedAt":"2026-12-01T10:00:00Z"}""");

        DatasetBuildResult one = await Builder().BuildAsync(new DatasetBuildRequest(null, [transformed], Now, "run-1"));
        DatasetBuildResult two = await Builder().BuildAsync(new DatasetBuildRequest(null, [transformed], Now.AddHours(1), "run-2"));

        Assert.Equal(one.Version, two.Version);
    }

    [Fact]
    public async Task Build_DeDuplicationSpillingToDisk_GivesTheSameVersionAndCountsAsInMemory()
    {
        await TestSetAsync();
        string Row(int id, string text, string? mr) =>
            $$"""{"id":"{{id}}","text":"{{text}}",{{(mr is null ? "" : $"\"mr\":\"{mr}\",")}}"receivedAt":"2026-12-01T10:00:00Z"}""";
        string[] texts = [.. Enumerable.Range(0, 12).Select(i => $"Is game {i} on Steam?")];
        TransformedObject parentRows = await TransformAsync("sources/api/p.jsonl", [.. texts.Take(5).Select((t, i) => Row(i, t, i % 2 == 0 ? null : "request_attribute(genres[])"))]);
        DatasetBuildResult parent = await Builder().BuildAsync(new DatasetBuildRequest(null, [parentRows], Now, "run-1"));

        // Repeats of the parent, repeats within one object and across two, the held-out text, labelled and not.
        TransformedObject a = await TransformAsync("sources/api/q1.jsonl", [.. texts.Select((t, i) => Row(100 + i, t, i % 2 == 0 ? null : "request_attribute(genres[])")), Row(200, texts[7], "request_attribute(genres[])"), Row(201, HeldOut, "request_explanation(release_year[2005], rating[excellent])")]);
        TransformedObject b = await TransformAsync("sources/api/q2.jsonl", [.. texts.Reverse().Select((t, i) => Row(300 + i, t, i % 3 == 0 ? null : "request_attribute(genres[])"))]);
        var request = new DatasetBuildRequest(parent.Version, [b, a], Now, "run-2");

        DatasetBuildResult inMemory = await Builder().BuildAsync(request);
        DatasetBuildResult spilled = await new DatasetVersionBuilder(_store, Options.Create(new DataUpdateOptions()), NullLogger<DatasetVersionBuilder>.Instance) { RunLength = 2 }.BuildAsync(request);

        Assert.NotNull(inMemory.Version);
        Assert.Equal(inMemory.Version, spilled.Version);
        Assert.Equal((inMemory.NewLabelled, inMemory.NewUnlabelled, inMemory.TotalLabelled, inMemory.TotalUnlabelled), (spilled.NewLabelled, spilled.NewUnlabelled, spilled.TotalLabelled, spilled.TotalUnlabelled));
        SourceRunMetrics api = Assert.Single(spilled.Sources);
        SourceRunMetrics expected = Assert.Single(inMemory.Sources);
        Assert.Equal((expected.RowsRead, expected.Accepted, expected.Duplicates, expected.HeldOut, expected.NewRecords, expected.NewLabelled), (api.RowsRead, api.Accepted, api.Duplicates, api.HeldOut, api.NewRecords, api.NewLabelled));
        Assert.True(api.Duplicates > 10 && api.HeldOut == 1, $"{api.Duplicates} duplicates, {api.HeldOut} held out");
    }
}
