using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Feedback.Emulator.Platform;

/// <summary>
/// The cloud storage the emulated platform reads and writes by URI, as a real cloud's bucket: <c>s3://bucket/key</c>
/// through the configured S3-compatible endpoint, and <c>file://</c> only when <see cref="EmulatorOptions.AllowFileUris"/>
/// says the platform shares this machine's disk.
/// </summary>
public sealed class CloudStorage(IOptions<EmulatorOptions> options) : IDisposable
{
    private readonly Lazy<AmazonS3Client> _s3 = new(() => CreateS3Client(options.Value.S3));

    /// <summary>Why <paramref name="uri"/> is not a remote URI the platform can read, or null.</summary>
    /// <param name="uri">The URI.</param>
    public string? Problem(string? uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) || !uri.StartsWith(parsed.Scheme + "://", StringComparison.OrdinalIgnoreCase)
            || parsed.Scheme is not ("s3" or "file" or "gs" or "https" or "az" or "abfss"))
        {
            return $"'{uri}' is not a remote URI (s3://, gs://, https://): local paths are not accepted";
        }

        return parsed.Scheme switch
        {
            "s3" when options.Value.S3.ServiceUrl is null => $"'{uri}' is on S3 and this platform has no S3 endpoint (Emulator:S3:ServiceUrl)",
            "file" when !options.Value.AllowFileUris => $"'{uri}' is a local path: only cloud storage URIs are accepted",
            "gs" or "https" or "az" or "abfss" => $"'{uri}': this emulator reads s3:// (and file:// when allowed) only",
            _ => null,
        };
    }

    /// <summary>Reads an object whole, or null when it does not exist.</summary>
    /// <param name="uri">The object's URI.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<byte[]?> ReadAsync(string uri, CancellationToken cancellationToken)
    {
        Uri parsed = Checked(uri);
        if (parsed.IsFile)
        {
            return File.Exists(parsed.LocalPath) ? await File.ReadAllBytesAsync(parsed.LocalPath, cancellationToken) : null;
        }

        AmazonS3Client client = _s3.Value;
        try
        {
            using GetObjectResponse response = await client.GetObjectAsync(parsed.Host, Key(parsed), cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Writes an object, replacing it.</summary>
    /// <param name="uri">The object's URI.</param>
    /// <param name="content">The content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteAsync(string uri, byte[] content, CancellationToken cancellationToken)
    {
        Uri parsed = Checked(uri);
        if (parsed.IsFile)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(parsed.LocalPath)!);
            await File.WriteAllBytesAsync(parsed.LocalPath, content, cancellationToken);
            return;
        }

        AmazonS3Client client = _s3.Value;
        await client.PutObjectAsync(new PutObjectRequest { BucketName = parsed.Host, Key = Key(parsed), InputStream = new MemoryStream(content), UseChunkEncoding = false }, cancellationToken);
    }

    /// <summary>The names of the sub-folders of a folder (as Ray Serve LLM lists adapters).</summary>
    /// <param name="folderUri">The folder's URI.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public async Task<IReadOnlyList<string>> ListFoldersAsync(string folderUri, CancellationToken cancellationToken)
    {
        Uri parsed = Checked(folderUri.TrimEnd('/') + "/");
        if (parsed.IsFile)
        {
            return Directory.Exists(parsed.LocalPath)
                ? [.. Directory.EnumerateDirectories(parsed.LocalPath).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
                : [];
        }

        AmazonS3Client client = _s3.Value;
        var request = new ListObjectsV2Request { BucketName = parsed.Host, Prefix = Key(parsed), Delimiter = "/" };
        var folders = new List<string>();
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request, cancellationToken);
            folders.AddRange((page.CommonPrefixes ?? []).Select(p => p[request.Prefix.Length..].TrimEnd('/')));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return folders;
    }

    private Uri Checked(string uri) =>
        Problem(uri) is { } problem ? throw new InvalidOperationException(problem) : new Uri(uri);

    private static string Key(Uri uri) => Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_s3.IsValueCreated)
        {
            _s3.Value.Dispose();
        }
    }

    private static AmazonS3Client CreateS3Client(EmulatorS3Options s3)
    {
        var config = new AmazonS3Config { ServiceURL = s3.ServiceUrl!.ToString(), ForcePathStyle = true, AuthenticationRegion = s3.Region };
        return string.IsNullOrEmpty(s3.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }
}
