using AlignLab.Server.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlignLab.Server.Hosting;

/// <summary>
/// <c>/healthz</c> (liveness: the process serves requests; no check runs) and <c>/readyz</c> (readiness: the checks tagged
/// <see cref="ReadyTag"/>: audit log, review queue, preference store, policies) over ASP.NET Core health checks. The answers
/// are the gateway's own: <c>ok</c> as text for liveness, and for readiness a JSON object naming each store and the policy
/// version of each arm, 200 when every check is healthy and 503 otherwise.
/// </summary>
internal static class GatewayHealthChecks
{
    /// <summary>The tag of the checks <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    private const string Audit = "audit";
    private const string ReviewQueue = "review";
    private const string Preferences = "preferences";
    private const string Policies = "policies";

    public static void Add(IServiceCollection services) => services.AddHealthChecks()
        .AddCheck<AuditHealthCheck>(Audit, tags: [ReadyTag])
        .AddCheck<ReviewQueueHealthCheck>(ReviewQueue, tags: [ReadyTag])
        .AddCheck<PreferenceStoreHealthCheck>(Preferences, tags: [ReadyTag])
        .AddCheck<PolicyHealthCheck>(Policies, tags: [ReadyTag]);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteLiveAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadyAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
    }

    private static Task WriteLiveAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain";
        return http.Response.WriteAsync("ok\n", http.RequestAborted);
    }

    /// <summary>
    /// The body <c>/readyz</c> has always had:
    /// <c>{ready, audit, audit_store, review, review_store, preferences, preference_store, policies}</c>.
    /// </summary>
    private static Task WriteReadyAsync(HttpContext http, HealthReport report) =>
        PolicyEndpoints.WriteJsonAsync(http, http.Response.StatusCode, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("ready", report.Status == HealthStatus.Healthy);
            w.WriteBoolean("audit", Healthy(report, Audit));
            w.WriteString("audit_store", report.Entries[Audit].Description);
            w.WriteBoolean("review", Healthy(report, ReviewQueue));
            w.WriteString("review_store", report.Entries[ReviewQueue].Description);
            w.WriteBoolean("preferences", Healthy(report, Preferences));
            w.WriteString("preference_store", report.Entries[Preferences].Description);
            w.WriteStartObject("policies");
            foreach (var (arm, version) in report.Entries[Policies].Data.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                w.WriteString(arm, version as string);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static bool Healthy(HealthReport report, string name) => report.Entries[name].Status == HealthStatus.Healthy;
}
