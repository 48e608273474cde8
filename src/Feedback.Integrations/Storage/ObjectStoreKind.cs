namespace Feedback.Integrations.Storage;

/// <summary>Which object store adapter to use.</summary>
public enum ObjectStoreKind
{
    /// <summary>A local folder (the embedded default).</summary>
    FileSystem,

    /// <summary>Amazon S3 or an S3-compatible endpoint.</summary>
    S3,
}
