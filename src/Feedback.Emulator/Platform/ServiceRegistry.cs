using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Feedback.Emulator.Platform;

/// <summary>
/// Services as the platform runs them: an apply creates a service (ignoring any canary percent), starts a canary next to
/// a running primary at the canary percent, moves its weight, or completes the rollout at 100; a rollback drops the
/// canary (ROLLING_BACK, then RUNNING); versions start after a delay and fail when Ray Serve LLM could not run their
/// config. Requests are routed by the <c>X-Anyscale-Version</c> header or the canary's weight.
/// </summary>
public sealed class ServiceRegistry(IOptions<EmulatorOptions> options, Faults faults, TimeProvider time, CloudStorage storage)
{
    private readonly ConcurrentDictionary<string, EmulatedService> _byId = new(StringComparer.Ordinal);

    /// <summary>All services, oldest first.</summary>
    public IEnumerable<EmulatedService> All => _byId.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal);

    /// <summary>A service by id.</summary>
    public EmulatedService? Get(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A live (not terminated) service by exact name.</summary>
    public EmulatedService? FindByName(string name, string? projectId = null) =>
        _byId.Values.FirstOrDefault(s => s.Name == name && (projectId is null || s.ProjectId == projectId) && s.State is not "TERMINATED");

    /// <summary>Applies a spec; the service, or the status and reason of a refusal.</summary>
    public (EmulatedService? Service, int Status, string? Error) Apply(ApplyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string hash = Hash(request);
        string label = request.Version ?? hash[..12];
        EmulatedService? existing = FindByName(request.Name, request.ProjectId);
        if (existing is null)
        {
            if (request.InPlace) return (null, 400, "rollout_strategy IN_PLACE cannot create a service");
            var service = new EmulatedService
            {
                Id = $"service2_{Guid.NewGuid():N}"[..34],
                Name = request.Name,
                ProjectId = request.ProjectId,
                AuthToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                CreatedAt = time.GetUtcNow(),
                Primary = NewVersion(request, label, hash, 100),
            };
            _byId[service.Id] = service;
            _ = StartAsync(service, service.Primary);
            return (service, 202, null);
        }

        lock (existing)
        {
            if (existing.State is "TERMINATING") return (null, 409, $"service {existing.Name} is terminating");
            if (existing.State is "ROLLING_BACK") return (null, 409, $"service {existing.Name} is rolling back; apply again when it is RUNNING");
            if (existing.State is "STARTING" or "USER_ERROR_FAILURE" or "SYSTEM_FAILURE" && existing.Canary is null)
            {
                // A restart: the new config replaces the primary; a canary percent is ignored.
                existing.Primary = NewVersion(request, label, hash, 100);
                existing.State = "STARTING";
                existing.ErrorMessage = null;
                _ = StartAsync(existing, existing.Primary);
                return (existing, 202, null);
            }

            if (existing.Canary is { } canary)
            {
                if (canary.Version != label) return (null, 409, $"a rollout of version {canary.Version} is in progress: complete or roll it back first");
                if (canary.ConfigHash != hash) return (null, 409, $"version {label} is rolling out with another config");
                int weight = request.CanaryPercent ?? 100;
                canary.Weight = weight;
                if (weight >= 100)
                {
                    if (canary.State == "RUNNING") Complete(existing);
                    else canary.CompleteWhenRunning = true;
                }

                return (existing, 202, null);
            }

            if (existing.Primary is { } primary && primary.Version == label && primary.ConfigHash == hash)
            {
                return (existing, 202, null);
            }

            if (request.InPlace)
            {
                existing.Primary = NewVersion(request, label, hash, 100);
                existing.State = "UPDATING";
                _ = StartAsync(existing, existing.Primary);
                return (existing, 202, null);
            }

            ServiceVersion next = NewVersion(request, label, hash, request.CanaryPercent ?? 0);
            next.CompleteWhenRunning = request.CanaryPercent is null or 100;
            existing.Canary = next;
            existing.State = "ROLLING_OUT";
            existing.ErrorMessage = null;
            _ = StartAsync(existing, next);
            return (existing, 202, null);
        }
    }

    /// <summary>Cancels the rollout in progress: the service reverts to its primary (ROLLING_BACK, then RUNNING).</summary>
    public string? Rollback(EmulatedService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (service)
        {
            if (service.Canary is null || service.State is not ("ROLLING_OUT" or "UNHEALTHY"))
            {
                return "rollback can only be used when there is an active rollout in progress";
            }

            service.State = "ROLLING_BACK";
        }

        _ = FinishRollbackAsync(service);
        return null;
    }

    /// <summary>Stops the service (TERMINATING, then TERMINATED).</summary>
    public void Terminate(EmulatedService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (service)
        {
            if (service.State is "TERMINATED" or "TERMINATING") return;
            service.State = "TERMINATING";
        }

        _ = FinishTerminateAsync(service);
    }

    /// <summary>Chooses the version for a request: the header names one (<c>canary</c>, <c>primary</c> or a version label), else the canary's weight decides.</summary>
    public ServiceVersion? Route(EmulatedService service, string? versionHeader)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (service)
        {
            if (!string.IsNullOrEmpty(versionHeader))
            {
                if (string.Equals(versionHeader, "canary", StringComparison.OrdinalIgnoreCase)) return service.Canary;
                if (string.Equals(versionHeader, "primary", StringComparison.OrdinalIgnoreCase)) return service.Primary;
                return new[] { service.Primary, service.Canary }.FirstOrDefault(v => v?.Version == versionHeader);
            }

            if (service.Canary is { State: "RUNNING", Weight: > 0 } canary && Random.Shared.Next(100) < canary.Weight) return canary;
            return service.Primary;
        }
    }

    private ServiceVersion NewVersion(ApplyRequest request, string label, string hash, int weight) => new()
    {
        Id = $"ver_{Guid.NewGuid():N}"[..20],
        Version = label,
        RayServeConfig = (JsonObject)request.RayServeConfig.DeepClone(),
        BuildId = request.BuildId,
        ComputeConfigId = request.ComputeConfigId,
        ConfigHash = hash,
        Weight = weight,
        CreatedAt = time.GetUtcNow(),
    };

    private static string Hash(ApplyRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{request.RayServeConfig.ToJsonString()}|{request.BuildId}|{request.ComputeConfigId}")));

    private static void Complete(EmulatedService service)
    {
        service.Canary!.Weight = 100;
        service.Canary.CompleteWhenRunning = false;
        service.Primary = service.Canary;
        service.Canary = null;
        service.State = "RUNNING";
    }

    private async Task StartAsync(EmulatedService service, ServiceVersion version)
    {
        await Task.Delay(options.Value.ServiceStartDelay, time);
        var (models, error) = ServeConfig.Read(version.RayServeConfig, storage);
        if (version.BuildId != options.Value.ServingBuildId) error ??= $"build {version.BuildId} has no Ray Serve LLM (serve it on {options.Value.ServingBuildId})";
        lock (service)
        {
            if (service.State is "TERMINATING" or "TERMINATED" || (service.Primary != version && service.Canary != version)) return;
            bool isCanary = service.Canary == version;
            bool unhealthy = isCanary && faults.UnhealthyCanary;
            // The error first: a reader that sees the failed state also sees why.
            if (error is not null) service.ErrorMessage = error;
            else if (unhealthy) service.ErrorMessage = "canary replicas failed their health checks";
            version.Models = models;
            version.State = error is not null ? "SYSTEM_FAILURE" : unhealthy ? "UNHEALTHY" : "RUNNING";
            if (!isCanary)
            {
                service.State = error is not null ? "USER_ERROR_FAILURE" : "RUNNING";
            }
            else if (version.State == "RUNNING" && version.CompleteWhenRunning)
            {
                Complete(service);
            }
        }
    }

    private async Task FinishRollbackAsync(EmulatedService service)
    {
        await Task.Delay(options.Value.ServiceStartDelay / 2, time);
        lock (service)
        {
            if (service.State != "ROLLING_BACK") return;
            if (service.Canary is { } canary) canary.State = "TERMINATED";
            service.Canary = null;
            service.ErrorMessage = null;
            service.State = "RUNNING";
        }
    }

    private async Task FinishTerminateAsync(EmulatedService service)
    {
        await Task.Delay(options.Value.ServiceStartDelay / 2, time);
        lock (service)
        {
            service.State = "TERMINATED";
            service.EndedAt = time.GetUtcNow();
            service.Canary = null;
            if (service.Primary is { } primary) primary.State = "TERMINATED";
        }
    }
}
