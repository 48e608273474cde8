using System.Net;
using System.Text.Json;
using Feedback.Pipeline;
using Microsoft.Azure.Functions.Worker.Http;

namespace Feedback.Functions;

/// <summary>The Functions app's HTTP answers, in the same shapes as the self-hosted runtime's: JSON bodies with the pipeline's JSON convention and RFC 9457 ProblemDetails.</summary>
internal static class FunctionsResponses
{
    /// <summary>A JSON answer.</summary>
    public static async Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T value)
    {
        HttpResponseData response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(JsonSerializer.Serialize(value, PipelineJson.Options));
        return response;
    }

    /// <summary>A ProblemDetails answer, with the errors per field when there are any.</summary>
    public static async Task<HttpResponseData> ProblemAsync(HttpRequestData request, HttpStatusCode status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        HttpResponseData response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/problem+json");
        await response.WriteStringAsync(JsonSerializer.Serialize(new { type = "about:blank", title, status = (int)status, detail, errors }, PipelineJson.Options));
        return response;
    }
}
