using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Feedback.Pipeline.Ports;

namespace Feedback.Integrations.Storage;

/// <summary>
/// The object store on S3 or an S3-compatible endpoint. Reads stream from the response; writes
/// stream from the caller's stream (spooled to a temporary file first when it cannot seek, so
/// memory stays flat whatever the object's size).
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly AmazonS3Client _s3;
    private readonly string _bucket;
    private readonly bool _useChunkEncoding;

    /// <summary>Creates the store from options.</summary>
    /// <param name="options">The object store options (Kind S3).</param>
    public S3ObjectStore(ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bucket = options.Bucket ?? throw new ArgumentException("ObjectStore:Bucket is required.", nameof(options));
        _useChunkEncoding = options.UseChunkEncoding;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
        };
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl.ToString();
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        _s3 = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    /// <summary>Creates the bucket when it does not exist (tests and first runs).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Already there.
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await _s3.ListObjectsV2Async(request, cancellationToken);
            foreach (S3Object item in (response.S3Objects ?? []).OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                yield return new StoredObject(item.Key, item.ETag, item.Size ?? 0, new DateTimeOffset(item.LastModified ?? DateTime.UnixEpoch, TimeSpan.Zero));
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            GetObjectResponse response = await _s3.GetObjectAsync(_bucket, key, cancellationToken);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"No object '{key}' in bucket '{_bucket}'.", key, e);
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject> WriteAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string? spool = null;
        Stream body = content;
        try
        {
            if (!content.CanSeek)
            {
                spool = Path.Combine(Path.GetTempPath(), $"feedback-s3-{Guid.NewGuid():N}.tmp");
                body = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await content.CopyToAsync(body, cancellationToken);
                body.Position = 0;
            }

            await _s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                InputStream = body,
                AutoCloseStream = false,
                UseChunkEncoding = _useChunkEncoding,
            }, cancellationToken);
        }
        finally
        {
            if (spool is not null)
            {
                await body.DisposeAsync();
            }
        }

        GetObjectMetadataResponse head = await _s3.GetObjectMetadataAsync(_bucket, key, cancellationToken);
        return new StoredObject(key, head.ETag, head.ContentLength, new DateTimeOffset(head.LastModified ?? DateTime.UtcNow, TimeSpan.Zero));
    }

    /// <inheritdoc />
    public Uri Locate(string key) => new($"s3://{_bucket}/{key}");

    /// <inheritdoc />
    public Uri? ShareLink(string key, TimeSpan lifetime) => new(_s3.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = _bucket,
        Key = key,
        Verb = HttpVerb.GET,
        Expires = DateTime.UtcNow + lifetime,
        Protocol = _s3.Config.ServiceURL is { } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
    }));

    /// <inheritdoc />
    public async Task<TaggedContent?> ReadTaggedAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            using GetObjectResponse response = await _s3.GetObjectAsync(_bucket, key, cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return new TaggedContent(buffer.ToArray(), response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject> WriteIfAsync(string key, byte[] content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(condition);
        try
        {
            await _s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                InputStream = new MemoryStream(content, writable: false),
                UseChunkEncoding = _useChunkEncoding,
                IfMatch = condition.IfMatch,
                IfNoneMatch = condition.IfNoneMatch ? "*" : null,
            }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            throw new ObjectChangedException($"Object '{key}' changed since it was read.", e);
        }

        GetObjectMetadataResponse head = await _s3.GetObjectMetadataAsync(_bucket, key, cancellationToken);
        return new StoredObject(key, head.ETag, head.ContentLength, new DateTimeOffset(head.LastModified ?? DateTime.UtcNow, TimeSpan.Zero));
    }

    /// <inheritdoc />
    public void Dispose() => _s3.Dispose();

    /// <summary>The response body, disposing the response with it.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
