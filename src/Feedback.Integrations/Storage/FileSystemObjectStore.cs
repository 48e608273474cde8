using System.Runtime.CompilerServices;
using Feedback.Pipeline.Ports;

namespace Feedback.Integrations.Storage;

/// <summary>
/// The object store on a local folder (the embedded default): keys are relative paths with '/'.
/// Writes go to a temporary file that is moved into place, so readers never see half an object.
/// The ETag is the size and the last-write time, which change with the content.
/// </summary>
public sealed class FileSystemObjectStore : IObjectStore
{
    private readonly string _root;

    /// <summary>Creates a store rooted at <paramref name="root"/> (created if missing).</summary>
    /// <param name="root">The folder holding the objects.</param>
    public FileSystemObjectStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The folder holding the objects.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var keys = new List<(string Key, FileInfo File)>();
        foreach (string path in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            string key = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !IsTemporary(key))
            {
                keys.Add((key, new FileInfo(path)));
            }
        }

        foreach ((string key, FileInfo file) in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            file.Refresh();
            if (file.Exists)
            {
                yield return Describe(key, file);
            }
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No object '{key}' in the store.", key);
        }

        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        return Task.FromResult(stream);
    }

    /// <inheritdoc />
    public async Task<StoredObject> WriteAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return Describe(key, new FileInfo(path));
    }

    /// <inheritdoc />
    public Uri Locate(string key) => new(PathOf(key));

    /// <inheritdoc />
    public async Task<TaggedContent?> ReadTaggedAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            // The tag comes from the open handle, so it describes exactly the bytes read even if the path is replaced meanwhile.
            DateTime written = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
            byte[] content = new byte[stream.Length];
            await stream.ReadExactlyAsync(content, cancellationToken);
            return new TaggedContent(content, Tag(content.Length, written));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject> WriteIfAsync(string key, byte[] content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(condition);
        string path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // An exclusive lock file serialises conditional writers, across processes too.
        await using FileStream gate = await AcquireAsync($"{path}.lock", cancellationToken);
        var current = new FileInfo(path);
        if (condition.IfNoneMatch && current.Exists)
        {
            throw new ObjectChangedException($"Object '{key}' already exists.");
        }

        if (condition.IfMatch is { } expected && (!current.Exists || Tag(current.Length, current.LastWriteTimeUtc) != expected))
        {
            throw new ObjectChangedException($"Object '{key}' changed since it was read.");
        }

        return await WriteAsync(key, new MemoryStream(content, writable: false), cancellationToken);
    }

    private static async Task<FileStream> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (attempt < 400)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
    }

    private static string Tag(long length, DateTime writtenUtc) => $"\"{length:x}-{writtenUtc.Ticks:x}\"";

    private static StoredObject Describe(string key, FileInfo file) =>
        new(key, Tag(file.Length, file.LastWriteTimeUtc), file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));

    private static bool IsTemporary(string key) => key.EndsWith(".partial", StringComparison.Ordinal) || key.EndsWith(".lock", StringComparison.Ordinal);

    private string PathOf(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.StartsWith('/') || key.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));
        }

        string path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"'{key}' is outside the store.", nameof(key));
    }
}
