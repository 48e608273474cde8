using System.Net;
using System.Text;
using Feedback.Host.Cli;
using Feedback.Integrations.Storage;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Feedback.Host.Tests;

/// <summary><c>feedback data import viggo</c>: small corpus files the tests write, imported into a filesystem store and read back by the data update's transform.</summary>
public sealed class ViggoImportTests : IDisposable
{
    private const string Csv = "mr,ref\n"
        + "\"verify_attribute(name[Portal 2], rating[excellent], available_on_steam[yes])\",\"You loved Portal 2, so do you like games on Steam?\"\n"
        + "\"inform(name[Dirt: Showdown], release_year[2012], genres[driving/racing, sport])\",\"Dirt: Showdown, from 2012, is a sport racing game.\"\n"
        + "inform(,Broken label.\n"
        + "\"request(release_year[2014], specifier[terrible])\",What's the most terrible game from 2014?\n";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("feedback-viggo-import-");
    private readonly FileSystemObjectStore _store;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    public ViggoImportTests() => _store = new FileSystemObjectStore(Path.Combine(_work.FullName, "store"));

    public void Dispose() => _work.Delete(recursive: true);

    private string WriteCorpus(string name, string content)
    {
        string path = Path.Combine(_work.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private ViggoImport Import(HttpMessageHandler? handler = null) => new(_store, new HttpClient(handler ?? new HttpClientHandler()), _time);

    [Fact]
    public async Task ImportAsync_OriginalCsvSlice_WritesAnExportTheDataUpdateIngestsAndQuarantinesTheBadRow()
    {
        ViggoImportResult result = await Import().ImportAsync(WriteCorpus("train.csv", Csv), skip: 0, take: 3, name: null);

        Assert.Equal(new ViggoImportResult("sources/viggo/train-1-3.jsonl", Rows: 3, Incomplete: 0, Written: true), result);
        StoredObject export = await FirstAsync("sources/viggo/");
        TransformedObject transformed = await new SourceObjectTransform(_store, NullLogger<SourceObjectTransform>.Instance)
            .TransformAsync(new SourceObjectRef("viggo", "api", export.Key, export.ETag, export.Size));
        Assert.True((3, 2) == (transformed.RowsRead, transformed.Accepted), string.Join(", ", transformed.QuarantinedByReason.Select(r => $"{r.Key}={r.Value}")));
        Assert.NotNull(transformed.QuarantineKey);
    }

    [Fact]
    public async Task ImportAsync_SameSliceTwice_WritesOnceAndTheNextSliceIsItsOwnExport()
    {
        string path = WriteCorpus("train.csv", Csv);

        ViggoImportResult first = await Import().ImportAsync(path, 0, 2, null);
        _time.Advance(TimeSpan.FromHours(1));
        ViggoImportResult again = await Import().ImportAsync(path, 0, 2, null);
        ViggoImportResult next = await Import().ImportAsync(path, 2, null, null);

        Assert.True(first.Written);
        Assert.False(again.Written);
        Assert.Equal(first.Key, again.Key);
        Assert.Equal(("sources/viggo/train-3-4.jsonl", 2), (next.Key, next.Rows));
    }

    [Fact]
    public async Task ImportAsync_FromAUrl_ReadsTheGemLayoutThere()
    {
        const string gem = "gem_id,meaning_representation,target,references\nviggo-train-0,\"inform(name[Myst], rating[good])\",Myst is a good game.,\"['Myst is a good game.']\"\n";

        ViggoImportResult result = await Import(new AnswerWith(gem)).ImportAsync("https://huggingface.co/datasets/GEM/viggo/resolve/main/train.csv", 0, null, null);

        Assert.Equal(("sources/viggo/train-1-1.jsonl", 1, 0), (result.Key, result.Rows, result.Incomplete));
    }

    [Fact]
    public async Task ImportCommand_FileThatIsNotViggo_ExitsOneNamingTheProblemAndWritesNothing()
    {
        var output = new StringWriter();

        int code = await FeedbackCommandLine.Build(output, output).Parse(["data", "import", "viggo", "--from", WriteCorpus("other.csv", "id,comment\n1,hi\n")]).InvokeAsync();

        Assert.Equal(1, code);
        Assert.Contains("Not a ViGGO file", output.ToString(), StringComparison.Ordinal);
    }

    private async Task<StoredObject> FirstAsync(string prefix)
    {
        await foreach (StoredObject stored in _store.ListAsync(prefix))
        {
            return stored;
        }

        throw new InvalidOperationException($"nothing under {prefix}");
    }

    private sealed class AnswerWith(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/csv") });
    }
}
