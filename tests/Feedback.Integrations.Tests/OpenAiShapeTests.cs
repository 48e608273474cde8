using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feedback.Core.Mr;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Feedback.Integrations.Tests;

[Collection(nameof(SharedEmulator))]
public class OpenAiShapeTests(EmulatorFixture emulator)
{
    private const string BaseModel = "mistralai/Mistral-7B-Instruct-v0.1";

    [Fact]
    public async Task ChatCompletions_OfficialOpenAiClient_GetsAnAssistantMessage()
    {
        var service = await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-openai-shape", emulator.Jobs.Describe(BaseModel)));
        await emulator.WaitForServiceAsync(service.Id, s => s.State == ServicePhase.Running);
        var endpoint = (await emulator.Client.GetServiceEndpointAsync("viggo-openai-shape"))!.Value;
        var client = new ChatClient(BaseModel, new System.ClientModel.ApiKeyCredential(endpoint.Token),
            new OpenAIClientOptions { Endpoint = new Uri(endpoint.BaseUrl + "/v1") });

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("system"), new UserChatMessage("Do you play games on a Mac?")],
            new ChatCompletionOptions { Temperature = 0 });

        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(BaseModel, completion.Model);
        Assert.True(MrCheck.Check(completion.Content[0].Text).IsValid);
        Assert.True(completion.Usage.TotalTokenCount > 0);
    }

    [Fact]
    public async Task ChatCompletions_RawHttp_WrongModelAndWrongToken_AnswerOpenAiErrors()
    {
        var service = await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-openai-errors", emulator.Jobs.Describe(BaseModel)));
        await emulator.WaitForServiceAsync(service.Id, s => s.State == ServicePhase.Running);
        var endpoint = (await emulator.Client.GetServiceEndpointAsync("viggo-openai-errors"))!.Value;
        using var http = new HttpClient();
        var body = new { model = "gpt-4", messages = new[] { new { role = "user", content = "hi" } } };

        using var wrongModel = new HttpRequestMessage(HttpMethod.Post, endpoint.BaseUrl + "/v1/chat/completions") { Content = JsonContent.Create(body) };
        wrongModel.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);
        var notFound = await http.SendAsync(wrongModel);
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, endpoint.BaseUrl + "/v1/chat/completions") { Content = JsonContent.Create(body with { model = BaseModel }) };
        wrongToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "nope");
        var unauthorized = await http.SendAsync(wrongToken);

        Assert.Equal(404, (int)notFound.StatusCode);
        Assert.NotNull((await notFound.Content.ReadFromJsonAsync<JsonNode>())!["error"]!["message"]);
        Assert.Equal(401, (int)unauthorized.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_CanaryHeaderWithoutCanary_Is404()
    {
        var service = await emulator.Client.ApplyServiceAsync(new ServiceSpec("viggo-no-canary", emulator.Jobs.Describe(BaseModel)));
        await emulator.WaitForServiceAsync(service.Id, s => s.State == ServicePhase.Running);
        var endpoint = (await emulator.Client.GetServiceEndpointAsync("viggo-no-canary"))!.Value;
        var chat = OpenAiModelEndpoint.CreateChatClient(endpoint.BaseUrl, endpoint.Token, BaseModel, canary: true);

        var error = await Assert.ThrowsAnyAsync<System.ClientModel.ClientResultException>(() => chat.GetResponseAsync("hello"));

        Assert.Equal(404, error.Status);
    }
}
