using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Feedback.Testing;

/// <summary>
/// s3rver (an S3-compatible server from npm) started for a test class on a free loopback port,
/// with its data in a temporary folder, stopped and deleted when disposed.
/// </summary>
public sealed partial class S3rver : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private S3rver(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        ServiceUrl = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>The endpoint (path-style addressing; access key and secret <c>S3RVER</c>).</summary>
    public Uri ServiceUrl { get; }

    /// <summary>Starts s3rver and waits until it listens.</summary>
    public static async Task<S3rver> StartAsync()
    {
        string script = Path.Combine(RepositoryPaths.Root, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is not installed ({script} is missing): run 'npm ci' in the repository root (bash eng/test.sh does).");
        }

        string directory = Path.Combine(Path.GetTempPath(), "feedback-s3rver", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { script, "-d", directory, "-p", "0", "-a", "127.0.0.1", "--allow-mismatched-signatures" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                string? line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"s3rver stopped before it listened: {await process.StandardError.ReadToEndAsync(timeout.Token)}");
                Match m = Listening().Match(line);
                if (m.Success)
                {
                    _ = process.StandardOutput.ReadToEndAsync();
                    _ = process.StandardError.ReadToEndAsync();
                    return new S3rver(process, directory, int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex Listening();
}
