using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Feedback.Integrations.Anyscale;

/// <summary>
/// A job's working directory packaged as a zip, byte for byte the same for the same files (entries sorted, fixed
/// timestamps), so its content hash names it and a second package of the same files is the same object.
/// </summary>
public sealed class JobPackage
{
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private JobPackage(byte[] content, string contentHash)
    {
        Content = content;
        ContentHash = contentHash;
    }

    /// <summary>The zip.</summary>
    public byte[] Content { get; }

    /// <summary>The lowercase hex SHA-256 of <see cref="Content"/>.</summary>
    public string ContentHash { get; }

    /// <summary>Packages <paramref name="files"/> (relative path → text, '/'-separated).</summary>
    /// <param name="files">The working directory's files.</param>
    public static JobPackage Create(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string path, string text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                ZipArchiveEntry entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTime;
                using Stream stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        byte[] content = buffer.ToArray();
        return new JobPackage(content, Convert.ToHexStringLower(SHA256.HashData(content)));
    }
}
