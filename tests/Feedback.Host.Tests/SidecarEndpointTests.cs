using Feedback.Host.Durable;
using Feedback.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Host.Tests;

public sealed class SidecarEndpointTests
{
    [Fact]
    public void Address_BeforeTheSidecarListens_ThrowsInsteadOfGuessingAPort()
    {
        var endpoint = new SidecarEndpoint(0);

        var error = Assert.Throws<InvalidOperationException>(() => endpoint.Address);
        Assert.Contains("not listening yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoPortConfigured_ListensWhereTheSystemBoundItAndTheClientReachesIt()
    {
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?> { ["Durable:Backend"] = "InMemory" });
        SidecarEndpoint endpoint = runtime.Services.GetRequiredService<SidecarEndpoint>();

        Assert.Equal(0, endpoint.Port);
        Assert.Equal("127.0.0.1", endpoint.Address.Host);
        Assert.NotEqual(0, endpoint.Address.Port);
        Assert.Null(await runtime.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task Start_PortConfigured_ListensOnThatPort()
    {
        int port = LoopbackPorts.Free();
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Durable:Backend"] = "InMemory",
            ["Durable:SidecarPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(new Uri($"http://127.0.0.1:{port}"), runtime.Services.GetRequiredService<SidecarEndpoint>().Address);
        Assert.Null(await runtime.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync("no-such-instance"));
    }
}
