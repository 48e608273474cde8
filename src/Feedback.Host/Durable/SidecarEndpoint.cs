using System.Net;
using System.Net.Sockets;

namespace Feedback.Host.Durable;

/// <summary>The loopback address the sidecar listens on, fixed when services are configured.</summary>
/// <param name="Address">The http:// address of the gRPC endpoint.</param>
public sealed record SidecarEndpoint(Uri Address)
{
    /// <summary>Reserves a loopback address: the configured port, or a free one.</summary>
    /// <param name="port">The configured port; 0 for any free port.</param>
    public static SidecarEndpoint ForPort(int port)
    {
        if (port == 0)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        return new SidecarEndpoint(new Uri($"http://127.0.0.1:{port}"));
    }
}
