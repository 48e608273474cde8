using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Feedback.Emulator.Platform;

/// <summary>
/// A job's working directory on the local disk: a local path as given, or an <c>s3://bucket/prefix</c>
/// folder downloaded first from the configured S3-compatible endpoint, as the platform pulls a
/// working directory from cloud storage.
/// </summary>
internal static class WorkingDirectory
{
    public static async Task<string> MaterializeAsync(string workingDir, string jobId, EmulatorOptions options, CancellationToken ct)
    {
        if (!workingDir.StartsWith("s3://", StringComparison.Ordinal))
        {
            return workingDir;
        }

        EmulatorS3Options s3 = options.S3;
        if (s3.ServiceUrl is null)
        {
            throw new InvalidOperationException($"the working directory {workingDir} is on S3 and no S3 endpoint is configured (Emulator:S3:ServiceUrl)");
        }

        var uri = new Uri(workingDir);
        string bucket = uri.Host;
        string prefix = uri.AbsolutePath.TrimStart('/');
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }

        var config = new AmazonS3Config { ServiceURL = s3.ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = s3.Region };
        using AmazonS3Client client = string.IsNullOrEmpty(s3.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
        string local = Path.Combine(Path.GetFullPath(options.ArtifactsRoot), "workdirs", jobId);
        Directory.CreateDirectory(local);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        int files = 0;
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request, ct);
            foreach (S3Object item in page.S3Objects ?? [])
            {
                string relative = item.Key[prefix.Length..];
                if (relative.Length == 0 || relative.Contains('/', StringComparison.Ordinal))
                {
                    continue;
                }

                using GetObjectResponse response = await client.GetObjectAsync(bucket, item.Key, ct);
                await using FileStream file = File.Create(Path.Combine(local, relative));
                await response.ResponseStream.CopyToAsync(file, ct);
                files++;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return files == 0 ? throw new FileNotFoundException($"the working directory {workingDir} holds no files") : local;
    }
}
