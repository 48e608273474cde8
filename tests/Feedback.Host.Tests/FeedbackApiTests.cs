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
