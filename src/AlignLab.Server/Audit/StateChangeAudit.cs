using System.Diagnostics;
using System.Text.Json;
using AlignLab.Server.Hosting;
using AlignLab.Server.Policies;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Audit;

/// <summary>
/// Records every change of the gateway's state made over the API (policy reloads, accepted or rejected; review
/// decisions; preference pairs) as an audit record with the caller's key name, the time and, for policies, the
/// version before and after. The record is committed before the answer is sent.
/// </summary>
public static class StateChangeAudit
{
    /// <summary>Commits the record. Throws <see cref="AuditLogException"/> when the store could not commit it in time.</summary>
    /// <param name="http">The request that made the change.</param>
    /// <param name="state">The gateway.</param>
    /// <param name="endpoint">The audit endpoint name (e.g. <c>policies.reload</c>).</param>
    /// <param name="action">The action column: what was done (<c>reload</c>, <c>approve</c>, <c>add</c>, …).</param>
    /// <param name="status">The HTTP status answered.</param>
    /// <param name="started">The request's <see cref="Stopwatch.GetTimestamp"/> start.</param>
    /// <param name="change">What changed.</param>
    /// <param name="arm">The policy arm concerned (arm A when none is).</param>
    /// <param name="inputSha256">SHA-256 of the text sent (an uploaded policy), or null.</param>
    public static Task RecordAsync(HttpContext http, GatewayState state, string endpoint, string action, int status, long started,
        StateChange change, PolicyArm? arm = null, string? inputSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(change);
        arm ??= state.Policies.Find(PolicyStore.ArmA)!;
        var snapshot = arm.Current;
        var record = new AuditRecord(GatewayState.NewAuditId(), state.Time.GetUtcNow(), Caller.Of(http).Name, endpoint, arm.Name,
            snapshot.Constitution.Name, snapshot.Version, action, Flagged: false, status, GatewayState.ElapsedMs(started), inputSha256,
            JsonSerializer.Serialize(change, StateChangeJsonContext.Default.StateChange));
        // The change is made: the record is written even when the caller has gone away.
        return state.RecordAsync(http, record, blocked: false, CancellationToken.None, armStatistics: false);
    }
}
