namespace Feedback.Emulator;

/// <summary>The S3-compatible endpoint the emulator reads <c>s3://</c> working directories from, section <c>Emulator:S3</c>.</summary>
public sealed class EmulatorS3Options
{
    /// <summary>The endpoint (e.g. s3rver's); null for none, and jobs with an <c>s3://</c> working directory fail with a clear error.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>The access key; the SDK's default credentials when empty.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret key.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The signing region. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";
}
