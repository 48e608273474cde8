using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests;

/// <summary>
/// HTTP requests as the Functions ASP.NET Core integration hands them to a function, and the function's answer run
/// the way the integration runs it (<see cref="IActionResult.ExecuteResultAsync"/> on the request's context).
/// </summary>
internal static class FunctionsHttp
{
    private static readonly ServiceProvider RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    /// <summary>A request to <paramref name="url"/>.</summary>
    public static HttpRequest Request(string method, string url, string? body = null, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext { RequestServices = RequestServices };
        var uri = new Uri(url);
        HttpRequest request = context.Request;
        request.Method = method;
        request.Scheme = uri.Scheme;
        request.Host = new HostString(uri.Authority);
        request.Path = uri.AbsolutePath;
        request.QueryString = new QueryString(uri.Query);
        byte[] bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        foreach ((string name, string value) in headers)
        {
            request.Headers.Append(name, value);
        }

        context.Response.Body = new MemoryStream();
        return request;
    }

    /// <summary>Runs a function's answer on its request's context and reads what it wrote.</summary>
    public static async Task<HttpAnswer> AnswerAsync(HttpRequest request, IActionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        HttpContext context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        string body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new HttpAnswer((HttpStatusCode)context.Response.StatusCode, context.Response.ContentType, body, context.Response.Headers);
    }
}

/// <summary>What a function wrote.</summary>
internal sealed record HttpAnswer(HttpStatusCode StatusCode, string? ContentType, string Body, IHeaderDictionary Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
