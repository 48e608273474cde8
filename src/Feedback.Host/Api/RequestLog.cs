using System.Diagnostics;

namespace Feedback.Host.Api;

/// <summary>
/// The host's request log, in place of ASP.NET Core's "Request starting/finished" lines (category
/// <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, turned down to warnings): those print the whole URL, so a key given
/// as <c>?code=</c> would land in the log. This one logs the method, the path, the status and the time, never the query.
/// </summary>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="logger">The logger.</param>
public sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    /// <summary>The ASP.NET Core category whose request lines carry the whole URL.</summary>
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Handles one request and logs it.</summary>
    /// <param name="context">The request.</param>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogRequest(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.HasValue, context.Response.StatusCode, elapsedMs);
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "{Method} {Path} (query: {HasQuery}) answered {StatusCode} in {ElapsedMs:F1} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, bool hasQuery, int statusCode, double elapsedMs);
}
