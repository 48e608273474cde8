using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Feedback.Integrations.Tests.Contract;

/// <summary>Answers the client's calls with fixture bodies, by method and path, and records what the client sent.</summary>
internal sealed class FixtureHandler : HttpMessageHandler
{
    private readonly List<(HttpMethod Method, string PathPrefix, int Status, JsonNode Body)> _answers = [];

    /// <summary>The requests seen: method, path and query, headers, body.</summary>
    public List<(HttpMethod Method, string PathAndQuery, string? Authorization, string? ContentType, JsonNode? Body)> Requests { get; } = [];

    /// <summary>Answers requests whose path starts with <paramref name="pathPrefix"/>.</summary>
    public FixtureHandler Answer(HttpMethod method, string pathPrefix, int status, JsonNode body)
    {
        _answers.Add((method, pathPrefix, status, body));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? text = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(), request.Content?.Headers.ContentType?.MediaType,
            string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text)));
        var match = _answers.LastOrDefault(a => a.Method == request.Method && request.RequestUri.AbsolutePath.StartsWith(a.PathPrefix, StringComparison.Ordinal));
        if (match.Body is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"error":{"detail":"no fixture"}}""", Encoding.UTF8, "application/json") };
        }

        return new HttpResponseMessage((HttpStatusCode)match.Status) { Content = new StringContent(match.Body.ToJsonString(), Encoding.UTF8, "application/json") };
    }
}
