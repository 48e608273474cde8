using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feedback.Api.Reads;

/// <summary><c>GET /api/health</c>: 200 when the durable backend answers, 503 with the same body when not.</summary>
public static class HealthEndpoint
{
    /// <summary>Answers the route.</summary>
    /// <param name="health">The health checks.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<HealthAnswer>, JsonHttpResult<HealthAnswer>>> GetAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        HealthReport report = await health.CheckHealthAsync(cancellationToken);
        var answer = new HealthAnswer(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckAnswer(e.Value.Status.ToString(), e.Value.Description, e.Value.Data)));
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(answer, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(answer);
    }
}
