using System.ComponentModel.DataAnnotations;

namespace Feedback.Integrations.Storage;

/// <summary>The object store, section <c>ObjectStore</c>. Validated at start.</summary>
public sealed class ObjectStoreOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ObjectStore";

    /// <summary>The adapter. Default <see cref="ObjectStoreKind.FileSystem"/>.</summary>
    public ObjectStoreKind Kind { get; set; } = ObjectStoreKind.FileSystem;

    /// <summary>The folder of the filesystem store. Default <c>.feedback/store</c> under the working directory.</summary>
    public string Root { get; set; } = Path.Combine(".feedback", "store");

    /// <summary>The S3 bucket (required for S3).</summary>
    public string? Bucket { get; set; }

    /// <summary>An S3-compatible endpoint (for example MinIO or s3rver); empty for AWS itself.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>The AWS region. Default <c>us-east-1</c>.</summary>
    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which most S3-compatible endpoints need. Default false.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// aws-chunked uploads. Default true (AWS); set false for endpoints that store chunked bodies raw
    /// (s3rver).
    /// </summary>
    public bool UseChunkEncoding { get; set; } = true;

    /// <summary>The access key id; empty to use the default AWS credential chain.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret access key. A secret: never logged.</summary>
    public string? SecretKey { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind == ObjectStoreKind.S3 && string.IsNullOrWhiteSpace(Bucket))
        {
            yield return new ValidationResult("ObjectStore:Bucket is required for the S3 object store.", [nameof(Bucket)]);
        }

        if (Kind == ObjectStoreKind.FileSystem && string.IsNullOrWhiteSpace(Root))
        {
            yield return new ValidationResult("ObjectStore:Root is required for the filesystem object store.", [nameof(Root)]);
        }

        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            yield return new ValidationResult("Set both ObjectStore:AccessKey and ObjectStore:SecretKey, or neither.", [nameof(AccessKey), nameof(SecretKey)]);
        }
    }
}
