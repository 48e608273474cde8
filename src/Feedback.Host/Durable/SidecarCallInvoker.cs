using Grpc.Core;
using Grpc.Net.Client;

namespace Feedback.Host.Durable;

/// <summary>
/// The durable client's calls to the sidecar, on a channel opened at the first call: the client is made before
/// the host starts, and the sidecar's port is only known once it listens (<see cref="SidecarEndpoint"/>).
/// </summary>
/// <param name="endpoint">Where the sidecar listens.</param>
public sealed class SidecarCallInvoker(SidecarEndpoint endpoint) : CallInvoker, IDisposable
{
    private readonly Lazy<(GrpcChannel Channel, CallInvoker Invoker)> _channel = new(() =>
    {
        var channel = GrpcChannel.ForAddress(endpoint.Address);
        return (channel, channel.CreateCallInvoker());
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private CallInvoker Inner => _channel.Value.Invoker;

    /// <inheritdoc />
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        Inner.BlockingUnaryCall(method, host, options, request);

    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        Inner.AsyncUnaryCall(method, host, options, request);

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        Inner.AsyncServerStreamingCall(method, host, options, request);

    /// <inheritdoc />
    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        Inner.AsyncClientStreamingCall(method, host, options);

    /// <inheritdoc />
    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        Inner.AsyncDuplexStreamingCall(method, host, options);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_channel.IsValueCreated)
        {
            _channel.Value.Channel.Dispose();
        }
    }
}
