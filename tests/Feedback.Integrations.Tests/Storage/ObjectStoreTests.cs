using System.Text;
using Feedback.Integrations.Storage;
using Feedback.Pipeline.Ports;

namespace Feedback.Integrations.Tests.Storage;

/// <summary>The same contract for both object stores: the filesystem, and S3 on s3rver.</summary>
public abstract class ObjectStoreContractTests
{
    protected abstract Task<IObjectStore> StoreAsync();

    [Fact]
    public async Task WriteListRead_SeveralObjects_ListsByPrefixInKeyOrderAndReadsBack()
    {
        IObjectStore store = await StoreAsync();
        await store.WriteAsync("sources/twitch/b.jsonl", Text("b\n"));
        await store.WriteAsync("sources/discord/a.jsonl", Text("a\n"));
        await store.WriteAsync("elsewhere/c.jsonl", Text("c\n"));

        var listed = new List<StoredObject>();
        await foreach (StoredObject o in store.ListAsync("sources/"))
        {
            listed.Add(o);
        }

        Assert.Equal(["sources/discord/a.jsonl", "sources/twitch/b.jsonl"], listed.Select(o => o.Key));
        Assert.All(listed, o => Assert.Equal(2, o.Size));
        await using Stream read = await store.OpenReadAsync("sources/twitch/b.jsonl");
        Assert.Equal("b\n", await new StreamReader(read).ReadToEndAsync());
    }

    [Fact]
    public async Task WriteAsync_ChangedContent_ChangesTheETag()
    {
        IObjectStore store = await StoreAsync();
        StoredObject first = await store.WriteAsync("k.jsonl", Text("one\n"));
        StoredObject second = await store.WriteAsync("k.jsonl", Text("one\ntwo\n"));

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(8, second.Size);
    }

    [Fact]
    public async Task WriteAsync_NonSeekableStream_IsStored()
    {
        IObjectStore store = await StoreAsync();

        StoredObject written = await store.WriteAsync("stream.jsonl", new NonSeekable(Encoding.UTF8.GetBytes(new string('x', 200_000))));

        Assert.Equal(200_000, written.Size);
    }

    [Fact]
    public async Task OpenReadAsync_MissingKey_ThrowsFileNotFound()
    {
        IObjectStore store = await StoreAsync();

        await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("no/such.jsonl"));
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

public sealed class FileSystemObjectStoreTests : ObjectStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("feedback-fs-store-");

    protected override Task<IObjectStore> StoreAsync() => Task.FromResult<IObjectStore>(new FileSystemObjectStore(_root.FullName));

    [Theory]
    [InlineData("../outside.jsonl")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    public async Task WriteAsync_KeyEscapingTheRoot_IsRefused(string key)
    {
        var store = new FileSystemObjectStore(_root.FullName);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(key, new MemoryStream([1])));
    }

    public void Dispose() => _root.Delete(recursive: true);
}

public sealed class S3ObjectStoreTests : ObjectStoreContractTests, IAsyncLifetime
{
    private S3rver _s3 = null!;
    private int _bucket;

    public async Task InitializeAsync() => _s3 = await S3rver.StartAsync();

    public async Task DisposeAsync() => await _s3.DisposeAsync();

    protected override async Task<IObjectStore> StoreAsync()
    {
        var store = new S3ObjectStore(new ObjectStoreOptions
        {
            Kind = ObjectStoreKind.S3,
            Bucket = $"bucket-{Interlocked.Increment(ref _bucket)}",
            ServiceUrl = _s3.ServiceUrl,
            ForcePathStyle = true,
            UseChunkEncoding = false,
            AccessKey = "S3RVER",
            SecretKey = "S3RVER",
        });
        await store.EnsureBucketAsync();
        return store;
    }
}
