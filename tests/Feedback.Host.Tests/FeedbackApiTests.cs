using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Feedback.Core.Jsonl;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Host.Tests;

public sealed class FeedbackApiTests(InMemoryRuntimeFixture fixture) : IClassFixture<InMemoryRuntimeFixture>
{
    private RuntimeUnderTest Runtime => fixture.Runtime;

    private IObjectStore Store => Runtime.Services.GetRequiredService<IObjectStore>();

    [Fact]
    public async Task Post_ValidItems_StoresOneApiSourceObject()
    {
        using HttpResponseMessage response = await Runtime.SendAsync(HttpMethod.Post, "/api/feedback", """
            [{"text":"Is   Portal 2 on Steam?","mr":"verify_attribute(name[Portal 2], rating[excellent], available_on_steam[yes])"},
             {"id":"p-2","text":"any good co-op games?"}]
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        string key = body.GetProperty("key").GetString()!;
        Assert.StartsWith("sources/api/", key, StringComparison.Ordinal);
        var lines = new List<JsonElement>();
        await using Stream stream = await Store.OpenReadAsync(key);
        await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
        {
            lines.Add(JsonDocument.Parse(line.Bytes).RootElement.Clone());
        }

        Assert.Equal(2, lines.Count);
        Assert.Equal("p-2", lines[1].GetProperty("id").GetString());
        Assert.True(lines[0].TryGetProperty("receivedAt", out _));
    }

    [Fact]
    public async Task Post_OneBadItem_Returns400NamingItAndStoresNothing()
    {
        int before = await CountApiObjectsAsync();

        using HttpResponseMessage response = await Runtime.SendAsync(HttpMethod.Post, "/api/feedback", """
            [{"text":"fine"},{"text":"bad label","mr":"inform(name[X]"},{"text":"   "}]
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement errors = problem.GetProperty("errors");
        Assert.StartsWith("invalid-mr", errors.GetProperty("[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("empty-text", errors.GetProperty("[2]")[0].GetString(), StringComparison.Ordinal);
        Assert.False(errors.TryGetProperty("[0]", out _));
        Assert.Equal(before, await CountApiObjectsAsync());
    }

    [Fact]
    public async Task Post_MalformedJsonOrNoKey_Returns4xxProblem()
    {
        using HttpResponseMessage malformed = await Runtime.SendAsync(HttpMethod.Post, "/api/feedback", "[{\"text\":");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using HttpResponseMessage noKey = await Runtime.Http.PostAsync("/api/feedback", new StringContent("""{"text":"hi"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task Post_SameIdempotencyKeyTwice_StoresOnceAndReplaysTheFirstAnswer()
    {
        string key = $"order-{Guid.NewGuid():N}";
        const string body = """[{"text":"Is Portal 2 a good puzzle game?"},{"text":"Loved Hades, great roguelike"}]""";

        using HttpResponseMessage first = await PostWithKeyAsync(key, body);
        using HttpResponseMessage second = await PostWithKeyAsync(key, body);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        JsonElement a = await first.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("key").GetString(), b.GetProperty("key").GetString());
        Assert.False(a.GetProperty("replayed").GetBoolean());
        Assert.True(b.GetProperty("replayed").GetBoolean());
        var stored = new List<string>();
        await foreach (StoredObject o in Store.ListAsync("sources/api/keyed/"))
        {
            stored.Add(o.Key);
        }

        Assert.Single(stored, k => k == a.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Post_SameIdempotencyKeyConcurrently_StoresOnce()
    {
        string key = $"race-{Guid.NewGuid():N}";
        const string body = """{"text":"Any co-op shooters on Steam?"}""";

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostWithKeyAsync(key, body)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (HttpResponseMessage r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task Post_SameIdempotencyKeyWithAnotherBody_Returns422AndKeepsTheFirst()
    {
        string key = $"reuse-{Guid.NewGuid():N}";
        using HttpResponseMessage first = await PostWithKeyAsync(key, """{"text":"first body"}""");
        using HttpResponseMessage second = await PostWithKeyAsync(key, """{"text":"another body"}""");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        string stored = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        await using Stream stream = await Store.OpenReadAsync(stored);
        Assert.Contains("first body", await new StreamReader(stream).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    public async Task Post_InvalidIdempotencyKey_Returns400(string key)
    {
        using HttpResponseMessage response = await PostWithKeyAsync(key, """{"text":"hello there"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostWithKeyAsync(string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", RuntimeUnderTest.ApiKey);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return Runtime.Http.SendAsync(request);
    }

    private async Task<int> CountApiObjectsAsync()
    {
        int count = 0;
        await foreach (StoredObject _ in Store.ListAsync("sources/api/"))
        {
            count++;
        }

        return count;
    }
}
