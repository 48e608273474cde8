using System.Collections.Immutable;
using System.Net;
using System.Security.Claims;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests;

/// <summary>A function invocation context with just what HTTP functions use: services holding the worker's serializer.</summary>
internal sealed class FakeFunctionContext : FunctionContext
{
    public FakeFunctionContext(ObjectSerializer serializer)
    {
        var services = new ServiceCollection();
        services.Configure<WorkerOptions>(o => o.Serializer = serializer);
        InstanceServices = services.BuildServiceProvider();
    }

    public override string InvocationId => "invocation";
    public override string FunctionId => "function";
    public override TraceContext TraceContext => null!;
    public override BindingContext BindingContext => null!;
    public override RetryContext RetryContext => null!;
    public override IServiceProvider InstanceServices { get; set; }
    public override FunctionDefinition FunctionDefinition => null!;
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => null!;
}

/// <summary>An HTTP request as the Functions worker hands it to a function.</summary>
internal sealed class FakeHttpRequestData(FunctionContext context, Uri url, string? body) : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body ?? string.Empty));
    public override HttpHeadersCollection Headers { get; } = [];
    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = ImmutableArray<IHttpCookie>.Empty;
    public override Uri Url { get; } = url;
    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];
    public override string Method => "POST";
    public override HttpResponseData CreateResponse() => new FakeHttpResponseData(FunctionContext);
}

/// <summary>The response a function builds.</summary>
internal sealed class FakeHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }
    public override HttpHeadersCollection Headers { get; set; } = [];
    public override Stream Body { get; set; } = new MemoryStream();
    public override HttpCookies Cookies => null!;

    public string ReadBody()
    {
        Body.Position = 0;
        return new StreamReader(Body).ReadToEnd();
    }
}
