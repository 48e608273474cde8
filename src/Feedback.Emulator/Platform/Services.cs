using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Feedback.Emulator.Platform;

/// <summary>One version of a service: the model it serves and its state.</summary>
public sealed class ServiceVersion
{
    /// <summary>Version id.</summary>
    public required string Id { get; init; }
    /// <summary>The version label from the apply request.</summary>
    public required string Version { get; init; }
    /// <summary>The model served.</summary>
    public required string ModelId { get; init; }
    /// <summary>STARTING, RUNNING or UNHEALTHY.</summary>
    public string State { get; set; } = "STARTING";
    /// <summary>Requested weight (percent).</summary>
    public int TargetWeight { get; set; }
    /// <summary>When it started.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The wire form.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["version"] = Version,
        ["model_id"] = ModelId,
        ["current_state"] = State,
        ["weight"] = TargetWeight,
        ["current_weight"] = State == "RUNNING" ? TargetWeight : 0,
        ["target_weight"] = TargetWeight,
        ["created_at"] = CreatedAt.ToString("O"),
    };
}

/// <summary>A service with a primary version and, during a rollout, a canary.</summary>
public sealed class EmulatedService
{
    /// <summary>Id, <c>service2_...</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The unique name.</summary>
    public required string Name { get; init; }
    /// <summary>The project.</summary>
    public string? ProjectId { get; init; }
    /// <summary>The bearer token of the service's endpoint.</summary>
    public required string AuthToken { get; init; }
    /// <summary>Service state.</summary>
    public string State { get; set; } = "STARTING";
    /// <summary>Why it failed.</summary>
    public string? ErrorMessage { get; set; }
    /// <summary>The version taking traffic.</summary>
    public ServiceVersion? Primary { get; set; }
    /// <summary>The version being rolled out.</summary>
    public ServiceVersion? Canary { get; set; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The wire form; <paramref name="baseUrl"/> is where its chat endpoint lives.</summary>
    public JsonObject ToJson(string baseUrl) => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["project_id"] = ProjectId,
        ["base_url"] = baseUrl,
        ["auth_token"] = AuthToken,
        ["current_state"] = State,
        ["goal_state"] = State == "TERMINATED" ? "TERMINATED" : "RUNNING",
        ["error_message"] = ErrorMessage,
        ["primary_version"] = Primary?.ToJson(),
        ["canary_version"] = Canary?.ToJson(),
        ["created_at"] = CreatedAt.ToString("O"),
    };
}

/// <summary>Deploys, rolls out, rolls back and terminates services; routes chat requests between versions.</summary>
public sealed class ServiceRegistry(IOptions<EmulatorOptions> options, Faults faults, TimeProvider time, ModelStore models)
{
    private readonly ConcurrentDictionary<string, EmulatedService> _byId = new(StringComparer.Ordinal);

    /// <summary>All services.</summary>
    public IEnumerable<EmulatedService> All => _byId.Values.OrderBy(s => s.CreatedAt);

    /// <summary>A service by id.</summary>
    public EmulatedService? Get(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A live (not terminated) service by name.</summary>
    public EmulatedService? FindByName(string name) =>
        _byId.Values.FirstOrDefault(s => s.Name == name && s.State != "TERMINATED");

    /// <summary>
    /// Applies a service spec: creates the service, starts a canary for a new model at <paramref name="canaryPercent"/>,
    /// moves the canary's weight, or completes the rollout at 100.
    /// </summary>
    public (EmulatedService? Service, string? Error) Apply(string name, string? projectId, string modelId, string? version, int canaryPercent)
    {
        if (!models.Exists(modelId)) return (null, $"model '{modelId}' has no artifact: fine-tune it first");
        var label = string.IsNullOrWhiteSpace(version) ? modelId : version;
        var existing = FindByName(name);
        if (existing is null)
        {
            var service = new EmulatedService
            {
                Id = $"service2_{Guid.NewGuid():N}"[..24],
                Name = name,
                ProjectId = projectId,
                AuthToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                CreatedAt = time.GetUtcNow(),
                Primary = NewVersion(label, modelId, 100),
            };
            _byId[service.Id] = service;
            _ = StartAsync(service, service.Primary, canary: false);
            return (service, null);
        }

        lock (existing)
        {
            if (existing.Primary?.ModelId == modelId && existing.Canary is null) return (existing, null);
            if (existing.Canary is { } canary && canary.ModelId == modelId)
            {
                if (canaryPercent >= 100)
                {
                    if (canary.State != "RUNNING") return (null, $"the canary is {canary.State}; it cannot take all traffic");
                    canary.TargetWeight = 100;
                    existing.Primary = canary;
                    existing.Canary = null;
                    existing.State = "RUNNING";
                }
                else
                {
                    canary.TargetWeight = Math.Max(0, canaryPercent);
                }
                return (existing, null);
            }
            if (existing.Canary is not null) return (null, $"a rollout of '{existing.Canary.ModelId}' is in progress: complete or roll it back first");
            existing.Canary = NewVersion(label, modelId, Math.Clamp(canaryPercent, 0, 100));
            existing.State = "ROLLING_OUT";
            _ = StartAsync(existing, existing.Canary, canary: true);
            return (existing, null);
        }
    }

    /// <summary>Drops the canary; the primary keeps all traffic.</summary>
    public void Rollback(EmulatedService service)
    {
        lock (service)
        {
            service.Canary = null;
            if (service.State is not "TERMINATED") service.State = "RUNNING";
        }
    }

    /// <summary>Stops the service.</summary>
    public void Terminate(EmulatedService service)
    {
        lock (service)
        {
            service.State = "TERMINATED";
            service.Canary = null;
        }
    }

    /// <summary>Chooses the version for a request: the header forces one, else the canary's weight decides.</summary>
    public ServiceVersion? Route(EmulatedService service, string? versionHeader)
    {
        lock (service)
        {
            if (string.Equals(versionHeader, "canary", StringComparison.OrdinalIgnoreCase)) return service.Canary;
            if (string.Equals(versionHeader, "primary", StringComparison.OrdinalIgnoreCase)) return service.Primary;
            if (service.Canary is { State: "RUNNING", TargetWeight: > 0 } canary && Random.Shared.Next(100) < canary.TargetWeight) return canary;
            return service.Primary;
        }
    }

    private ServiceVersion NewVersion(string label, string modelId, int weight) => new()
    {
        Id = $"ver_{Guid.NewGuid():N}"[..16],
        Version = label,
        ModelId = modelId,
        TargetWeight = weight,
        CreatedAt = time.GetUtcNow(),
    };

    private async Task StartAsync(EmulatedService service, ServiceVersion version, bool canary)
    {
        await Task.Delay(options.Value.ServiceStartDelay, time);
        _ = models.Load(version.ModelId);
        lock (service)
        {
            var unhealthy = canary && faults.UnhealthyCanary;
            // The error first: a reader that sees the canary UNHEALTHY also sees why.
            if (unhealthy && service.State is not "TERMINATED") service.ErrorMessage = "canary replicas failed their health checks";
            version.State = unhealthy ? "UNHEALTHY" : "RUNNING";
            if (service.State is "TERMINATED") return;
            if (!canary) service.State = "RUNNING";
        }
    }
}
