using System.Data.Common;
using System.Globalization;
using AlignLab.IO;
using AlignLab.Runtime.Review;
using AlignLab.Server.Dashboard;
using AlignLab.Server.Hosting;
using AlignLab.Server.Preferences;
using AlignLab.Server.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AlignLab.Server.Api;

/// <summary><c>/healthz</c> (the process is up), <c>/readyz</c> (policies loaded, audit log, review queue and preference store answer) and <c>/api/audit</c> (recent decisions).</summary>
public static class StatusEndpoints
{
    /// <summary>Liveness: answers as long as the process serves requests.</summary>
    public static Task HealthAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.ContentType = "text/plain";
        return http.Response.WriteAsync("ok\n", http.RequestAborted);
    }

    /// <summary>Readiness: every arm has a policy and the audit log, review queue and preference store answer.</summary>
    public static async Task ReadyAsync(HttpContext http, GatewayState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var auditReady = await state.Audit.IsReadyAsync(http.RequestAborted).ConfigureAwait(false);
        var queue = http.RequestServices.GetRequiredService<IReviewQueue>();
        var preferences = http.RequestServices.GetRequiredService<IPreferenceStore>();
        var reviewReady = await AnswersAsync(() => queue.CountAsync(ReviewStatus.Pending, http.RequestAborted)).ConfigureAwait(false);
        var preferencesReady = await AnswersAsync(() => preferences.CountAsync(http.RequestAborted)).ConfigureAwait(false);
        var arms = state.Policies.Arms;
        var ready = auditReady && reviewReady && preferencesReady && arms.Count > 0;
        await PolicyEndpoints.WriteJsonAsync(http, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("ready", ready);
            w.WriteBoolean("audit", auditReady);
            w.WriteString("audit_store", state.Audit.Description);
            w.WriteBoolean("review", reviewReady);
            w.WriteString("review_store", Describe(queue));
            w.WriteBoolean("preferences", preferencesReady);
            w.WriteString("preference_store", preferences.Description);
            w.WriteStartObject("policies");
            foreach (var arm in arms)
            {
                w.WriteString(arm.Name, arm.Current.Version);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Whether a store answers a cheap query (a database error or timeout means it does not).</summary>
    private static async Task<bool> AnswersAsync(Func<Task> query)
    {
        try
        {
            await query().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is DbException or TimeoutException)
        {
            return false;
        }
    }

    private static string Describe(IReviewQueue queue) => queue switch
    {
        PostgresReviewQueue pg => pg.Description,
        SqliteReviewQueue sqlite => "SQLite " + sqlite.Path,
        _ => queue.GetType().Name,
    };

    /// <summary>The most records <c>/api/audit</c> returns at once.</summary>
    public const int MaxAuditLimit = 1000;

    /// <summary>
    /// <c>GET /api/audit?limit=N</c>: the most recent decisions, newest first. <c>limit</c> is an integer from 1 to
    /// <see cref="MaxAuditLimit"/> (default 50); anything else is a 400 naming it, as <c>/api/review</c> answers.
    /// </summary>
    public static async Task RecentAuditAsync(HttpContext http, GatewayState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var limit = DashboardHttp.QueryInt(http, "limit", 50, 1, MaxAuditLimit);
        var records = await state.Audit.RecentAsync(limit, http.RequestAborted).ConfigureAwait(false);
        await PolicyEndpoints.WriteJsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("records");
            foreach (var r in records)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteString("at", r.At.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("caller", r.Caller);
                w.WriteString("endpoint", r.Endpoint);
                w.WriteString("arm", r.Arm);
                w.WriteString("policy", r.Policy);
                w.WriteString("policy_version", r.PolicyVersion);
                w.WriteString("action", r.Action);
                w.WriteBoolean("flagged", r.Flagged);
                w.WriteNumber("status", r.Status);
                w.WriteNumber("latency_ms", Math.Round(r.LatencyMs, 3));
                w.WriteStringOrNull("input_sha256", r.InputSha256);
                w.WritePropertyName("trace");
                w.WriteRawValue(r.Trace);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
