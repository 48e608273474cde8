using System.Net;
using System.Net.Sockets;

namespace Feedback.Testing;

/// <summary>
/// Loopback ports for a server a test starts. A port the OS hands out for port 0 comes from the ephemeral range,
/// the same range outgoing connections take their local ports from: once the probe releases it, a connection (to
/// Azurite, say) may take it before the server binds, and the server fails with "address already in use". So the
/// port is chosen below that range, where the OS never assigns one on its own, and checked free by binding it.
/// </summary>
internal static class LoopbackPorts
{
    private const int Lowest = 10_000;

    /// <summary>A loopback port that is free now and outside the ephemeral range.</summary>
    public static int Free()
    {
        int ephemeralLow = EphemeralLow();
        for (int attempt = 0; ephemeralLow > Lowest && attempt < 200; attempt++)
        {
            int port = Random.Shared.Next(Lowest, ephemeralLow);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }

    private static int EphemeralLow()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out int low) ? low : 49_152;
        }
        catch (IOException)
        {
            return 49_152;
        }
    }
}
