using AlignLab.IO;
using AlignLab.Server.Api;
using AlignLab.Server.Dashboard;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Policies;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Audit;

/// <summary>
/// The audit record of a request that reached an audited endpoint (chat, moderations, check, the dashboard's model
/// calls) but was refused before a decision, with a 400 for its body: every request that reached such a handler leaves
/// one record. The record names the field at fault and the message, never the text that was sent.
/// </summary>
public static class RejectedRequestAudit
{
    private static readonly Dictionary<string, string> Endpoints = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/v1/chat/completions"] = ChatCompletionsEndpoint.EndpointName,
        ["/v1/moderations"] = ModerationsEndpoint.EndpointName,
        ["/api/check"] = CheckEndpoints.EndpointName,
        ["/api/dashboard/compare"] = ChatLabEndpoints.CompareEndpoint,
        ["/api/dashboard/critique"] = ChatLabEndpoints.CritiqueEndpoint,
    };

    /// <summary>Records the refusal when the path is an audited endpoint (best effort: the 400 is what the client needs)
    /// and sets the <c>x-alignlab-audit-id</c> header.</summary>
    public static async Task RecordAsync(HttpContext http, GatewayState state, int status, string message, string? param, long started)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        if (!Endpoints.TryGetValue(http.Request.Path.Value ?? "", out var endpoint))
        {
            return;
        }

        var snapshot = state.Policies.Find(PolicyStore.ArmA)!.Current;
        var id = GatewayState.NewAuditId();
        var trace = JsonText.Write(JsonText.Compact, w =>
        {
            w.WriteStartObject();
            w.WriteString("event", "invalid_request");
            w.WriteString("message", message);
            w.WriteStringOrNull("param", param);
            w.WriteEndObject();
        });
        var record = new AuditRecord(id, state.Time.GetUtcNow(), Caller.Of(http).Name, endpoint, snapshot.Arm, snapshot.Constitution.Name,
            snapshot.Version, "invalid_request", Flagged: false, status, GatewayState.ElapsedMs(started), null, trace);
        if (!http.Response.HasStarted)
        {
            http.Response.Headers["x-alignlab-audit-id"] = id;
        }

        await state.RecordBestEffortAsync(http, record, armStatistics: false).ConfigureAwait(false);
    }
}
