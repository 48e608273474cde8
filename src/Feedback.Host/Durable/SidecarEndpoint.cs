namespace Feedback.Host.Durable;

/// <summary>
/// Where the sidecar listens on loopback: the configured port, or, with none, the port the system gave the
/// sidecar's listener when it bound port 0. The address is known once the sidecar has started; nothing probes
/// for a free port and releases it first, which left a moment for another socket to take it.
/// </summary>
/// <param name="port">The configured port; 0 for any free port.</param>
public sealed class SidecarEndpoint(int port)
{
    private Uri? _address;

    /// <summary>The configured port; 0 when the system chooses it.</summary>
    public int Port { get; } = port is >= 0 and <= 65_535 ? port : throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is between 0 and 65535.");

    /// <summary>The http:// address of the gRPC endpoint.</summary>
    /// <exception cref="InvalidOperationException">The sidecar has not started listening yet.</exception>
    public Uri Address => Volatile.Read(ref _address)
        ?? throw new InvalidOperationException("The durable sidecar is not listening yet: its address is known once the host has started.");

    /// <summary>Records the address the sidecar's listener bound.</summary>
    /// <param name="address">The bound address.</param>
    internal void Bound(Uri address) => Volatile.Write(ref _address, address ?? throw new ArgumentNullException(nameof(address)));
}
