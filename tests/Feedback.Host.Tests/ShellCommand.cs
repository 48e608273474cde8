using System.Collections.Concurrent;
using System.Diagnostics;

namespace Feedback.Host.Tests;

/// <summary>
/// A README command run the way a user runs it: <c>bash -c</c> on the exact text, from the repository's root. Every
/// process it starts, in the background (<c>&amp;</c>) too, inherits a marker variable, by which they are all stopped
/// at the end (a background process outlives its shell and leaves the shell's process tree).
/// </summary>
internal sealed class ShellCommand : IAsyncDisposable
{
    private readonly Process _process;
    private const string Marker = "FEEDBACK_TEST_COMMAND";
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _marker = Guid.NewGuid().ToString("N");

    private ShellCommand(string command, IReadOnlyDictionary<string, string> environment)
    {
        Command = command;
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment[Marker] = _marker;

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The command as run.</summary>
    public string Command { get; }

    /// <summary>What it printed so far (both streams).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts <paramref name="command"/>.</summary>
    public static ShellCommand Start(string command, IReadOnlyDictionary<string, string>? environment = null) =>
        new(command, environment ?? new Dictionary<string, string>());

    /// <summary>Waits for the command to end (for a command that runs in the foreground) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"`{Command}` did not end within {timeout}:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Stops the command and every process it started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        int[] started = Started();
        foreach (int pid in started)
        {
            try
            {
                using Process process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended on its own.
            }
        }

        await Wait.UntilAsync(() => Started().Length == 0, TimeSpan.FromSeconds(30), $"the processes started by `{Command}` to end");
        _process.Dispose();
    }

    /// <summary>The processes that carry this command's marker.</summary>
    private int[] Started()
    {
        string expected = $"{Marker}={_marker}";
        var found = new List<int>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(folder, "environ")).Split('\0').Contains(expected, StringComparer.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours.
            }
        }

        return [.. found];
    }
}
