using System.Text.Json.Nodes;
using Feedback.Emulator.Learning;

namespace Feedback.Emulator.Platform;

/// <summary>
/// A service's OpenAI-compatible endpoint as Ray Serve LLM answers it, under the service's <c>base_url</c>:
/// <c>POST /v1/chat/completions</c> and <c>GET /v1/models</c>, with the service's bearer token, routed by
/// <c>X-Anyscale-Version</c> or the canary's weight. A model is the version's base model or <c>{base}:{adapter}</c>,
/// whose adapter is loaded from <c>{dynamic_lora_loading_path}/{adapter}/</c>.
/// </summary>
public static class OpenAiRoutes
{
    /// <summary>Maps the routes.</summary>
    public static void MapOpenAiRoutes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/serve/{service}/v1/chat/completions", ChatAsync);
        app.MapGet("/serve/{service}/v1/models", ModelsAsync);
    }

    private static async Task<IResult> ChatAsync(string service, HttpRequest request, ServiceRegistry services, AdapterCache adapters, TimeProvider time)
    {
        if (Authorize(service, request, services, out ServiceVersion? version) is { } refused) return refused;
        var (body, _) = await RequestBody.ReadObjectAsync(request);
        if (body is null) return Error(400, "the request body is not a JSON object", "invalid_request_error");
        if ((bool?)body["stream"] == true) return Error(400, "stream=true is not supported by this server: send stream=false", "invalid_request_error");
        string? requested = (string?)body["model"];
        if (string.IsNullOrWhiteSpace(requested)) return Error(400, "'model' is required", "invalid_request_error");
        var user = (body["messages"] as JsonArray)?.LastOrDefault(m => (string?)m?["role"] == "user");
        var text = user?["content"] is JsonValue v ? (string?)v : (string?)user?["content"]?[0]?["text"];
        if (text is null) return Error(400, "the request has no user message", "invalid_request_error");

        var (model, notFound) = await LoadAsync(version!, requested, adapters, request.HttpContext.RequestAborted);
        if (model is null) return notFound!;
        var answer = model.Predict(text);
        var promptTokens = text.Split(' ').Length;
        var completionTokens = answer.Split(' ').Length;
        return Results.Json(new JsonObject
        {
            ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
            ["object"] = "chat.completion",
            ["created"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["model"] = requested,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                ["logprobs"] = null,
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
        });
    }

    private static async Task<IResult> ModelsAsync(string service, HttpRequest request, ServiceRegistry services, CloudStorage storage, TimeProvider time)
    {
        if (Authorize(service, request, services, out ServiceVersion? version) is { } refused) return refused;
        var ids = new List<string>();
        foreach (ServedLlm llm in version!.Models)
        {
            ids.Add(llm.ModelId);
            if (llm.LoraPath is not null)
            {
                ids.AddRange((await storage.ListFoldersAsync(llm.LoraPath, request.HttpContext.RequestAborted)).Select(adapter => $"{llm.ModelId}:{adapter}"));
            }
        }

        long created = version.CreatedAt.ToUnixTimeSeconds();
        return Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = created, ["owned_by"] = "organization-owner" })]),
        });
    }

    private static IResult? Authorize(string service, HttpRequest request, ServiceRegistry services, out ServiceVersion? version)
    {
        version = null;
        if (services.FindByName(service) is not { } s) return Error(404, $"service '{service}' not found", "invalid_request_error");
        if (!string.Equals(request.Headers.Authorization.ToString(), $"Bearer {s.AuthToken}", StringComparison.Ordinal))
        {
            return Error(401, "invalid service token", "authentication_error");
        }

        version = services.Route(s, request.Headers["X-Anyscale-Version"].ToString());
        if (version is null) return Error(404, "no such version: there is no canary", "invalid_request_error");
        return version.State != "RUNNING" ? Error(503, $"version {version.Version} is {version.State}", "server_error") : null;
    }

    private static async Task<(MrModel? Model, IResult? NotFound)> LoadAsync(ServiceVersion version, string requested, AdapterCache adapters, CancellationToken ct)
    {
        int colon = requested.IndexOf(':', StringComparison.Ordinal);
        string baseId = colon < 0 ? requested : requested[..colon];
        if (version.Models.FirstOrDefault(l => l.ModelId == baseId) is not { } llm)
        {
            return (null, Error(404, $"The model `{requested}` does not exist.", "invalid_request_error"));
        }

        if (colon < 0) return (AdapterCache.Base, null);
        if (llm.LoraPath is null) return (null, Error(404, $"The model `{requested}` does not exist: {baseId} serves no adapters.", "invalid_request_error"));
        string folder = $"{llm.LoraPath.TrimEnd('/')}/{requested[(colon + 1)..]}";
        return await adapters.LoadAsync(folder, ct) is { } model
            ? (model, null)
            : (null, Error(404, $"Unable to find LoRA adapter config file \"{AdapterFiles.ConfigFile}\" in folder {folder}. Check that the file exists and that you have read permissions.", "invalid_request_error"));
    }

    private static IResult Error(int status, string message, string type) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = status } }, statusCode: status);
}
