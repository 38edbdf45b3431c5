using System.Globalization;
using AlignLab.IO;
using AlignLab.Server.Dashboard;
using AlignLab.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Api;

/// <summary><c>/api/audit</c> (recent decisions). <c>/healthz</c> and <c>/readyz</c> are health checks (<see cref="GatewayHealthChecks"/>).</summary>
internal static class StatusEndpoints
{
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
                w.WriteStringOrNull("context", r.Context);
                w.WriteStringOrNull("profile", r.Profile);
                w.WritePropertyName("trace");
                w.WriteRawValue(r.Trace);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
