using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace Feedback.Testing;

/// <summary>
/// Starts the in-process Durable test host on a port the OS says is free. Its own default, a random
/// port between 30000 and 40000, overlaps the ephemeral range other tests' servers bind in, and so
/// collided now and then; a bind that still loses a race is retried on a new port.
/// </summary>
public static class DurableTestHosts
{
    /// <summary>Starts the host with the given tasks and options.</summary>
    /// <param name="registry">Registers the tasks.</param>
    /// <param name="options">Options; the port is chosen here.</param>
    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> registry, DurableTaskTestHostOptions? options = null)
    {
        options ??= new DurableTaskTestHostOptions();
        for (int attempt = 1; ; attempt++)
        {
            options.Port = LoopbackPorts.Free();
            try
            {
                return await DurableTaskTestHost.StartAsync(registry, options);
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Another process took the port between the probe and the bind: try another.
            }
        }
    }
}
