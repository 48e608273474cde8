namespace Feedback.Host.Tests.Worker;

/// <summary>A scoped service that records whether it was disposed.</summary>
public sealed class ProbeScope : IAsyncDisposable
{
    private static int s_disposed;
    private static int s_made;

    /// <summary>Counts the scope.</summary>
    public ProbeScope() => Interlocked.Increment(ref s_made);

    /// <summary>Scopes disposed so far.</summary>
    public static int Disposed => Volatile.Read(ref s_disposed);

    /// <summary>Scopes made so far.</summary>
    public static int Made => Volatile.Read(ref s_made);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref s_disposed);
        return ValueTask.CompletedTask;
    }
}
