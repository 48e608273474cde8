using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Api.Tests;

/// <summary>Requests for the endpoints, and their answers run on the request's context.</summary>
internal static class Requests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    public static HttpRequest Make(string method, string url, string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        var uri = new Uri(url);
        context.Request.Method = method;
        context.Request.Scheme = uri.Scheme;
        context.Request.Host = new HostString(uri.Authority);
        context.Request.Path = uri.AbsolutePath;
        context.Request.QueryString = new QueryString(uri.Query);
        byte[] bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public static async Task<(int Status, string? ContentType, string Body)> RunAsync(IResult result, HttpRequest request)
    {
        await result.ExecuteAsync(request.HttpContext);
        HttpResponse response = request.HttpContext.Response;
        response.Body.Position = 0;
        return (response.StatusCode, response.ContentType, await new StreamReader(response.Body).ReadToEndAsync());
    }
}
