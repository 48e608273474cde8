using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Feedback.Core.FineTuning;
using Feedback.Integrations.Anyscale;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.AI;
using OpenAI;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Feedback.Integrations;

/// <summary>
/// The model endpoint over the OpenAI-compatible chat API of an Anyscale service, through Microsoft.Extensions.AI:
/// temperature 0, the versioned system prompt, and <c>X-Anyscale-Version: canary</c> to reach a silent canary.
/// The service's bearer token is looked up here and never leaves this class.
/// </summary>
public sealed class OpenAiModelEndpoint(AnyscaleClient platform, IHttpClientFactory httpClientFactory) : IModelEndpoint
{
    /// <summary>The named HttpClient used under the OpenAI client (standard resilience).</summary>
    public const string HttpClientName = "model-endpoint";

    private readonly ConcurrentDictionary<(string Service, string Model, bool Canary), Lazy<Task<IChatClient>>> _clients = new();

    /// <inheritdoc />
    public async Task<string> CompleteAsync(string serviceName, string modelId, string text, bool canary, CancellationToken cancellationToken = default)
    {
        var key = (serviceName, modelId, canary);
        var lazy = _clients.GetOrAdd(key, k => new Lazy<Task<IChatClient>>(() => CreateAsync(k.Service, k.Model, k.Canary)));
        IChatClient client;
        try
        {
            client = await lazy.Value;
        }
        catch
        {
            // A failed lookup (service not deployed yet, platform down) is retried on the next call, not cached.
            _clients.TryRemove(new KeyValuePair<(string, string, bool), Lazy<Task<IChatClient>>>(key, lazy));
            throw;
        }
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, ViggoPrompt.System), new ChatMessage(ChatRole.User, text)],
            new ChatOptions { Temperature = 0 },
            cancellationToken);
        return response.Text.Trim();
    }

    /// <summary>Creates the chat client for a service endpoint (exposed for tests of the raw OpenAI shape).</summary>
    public static IChatClient CreateChatClient(Uri baseUrl, string token, string modelId, bool canary, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var options = new OpenAIClientOptions { Endpoint = new Uri(baseUrl.ToString().TrimEnd('/') + "/v1") };
        if (httpClient is not null) options.Transport = new HttpClientPipelineTransport(httpClient);
        if (canary) options.AddPolicy(new HeaderPolicy("X-Anyscale-Version", "canary"), PipelinePosition.PerCall);
        return new OpenAIClient(new ApiKeyCredential(token), options).GetChatClient(modelId).AsIChatClient();
    }

    private async Task<IChatClient> CreateAsync(string serviceName, string modelId, bool canary)
    {
        var endpoint = await platform.GetServiceEndpointAsync(serviceName)
            ?? throw new AnyscaleException($"service '{serviceName}' not found");
        if (SecureUrl.Problem(endpoint.BaseUrl.ToString(), $"the endpoint of service '{serviceName}'") is { } problem)
        {
            // The service's bearer token goes with every call: never to an endpoint that would expose it.
            throw new AnyscaleException(problem);
        }

        return CreateChatClient(endpoint.BaseUrl, endpoint.Token, modelId, canary, httpClientFactory.CreateClient(HttpClientName));
    }

    private sealed class HeaderPolicy(string name, string value) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        }
    }
}
