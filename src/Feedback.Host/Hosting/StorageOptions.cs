using System.ComponentModel.DataAnnotations;

namespace Feedback.Host.Hosting;

/// <summary>Where the self-hosted runtime keeps its local files, section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>The folder of the filesystem object store (the embedded default). Default <c>.feedback/store</c> under the working directory.</summary>
    [Required]
    public string Root { get; set; } = Path.Combine(".feedback", "store");
}
