using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Policies;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Profiles;

/// <summary>
/// Where an endpoint turns a request's selection into the snapshot that decides it: an unknown name becomes a 400
/// (through <see cref="RequestBodyException"/>, audited like any malformed request), a name the key may not use a 403
/// in the OpenAI error shape (<c>permission_error</c>, <c>profile_not_allowed</c>), audited too.
/// </summary>
internal static class SelectionGate
{
    /// <summary>The snapshot to decide with, or null once the 403 has been answered.</summary>
    public static async Task<PolicySnapshot?> ApplyAsync(HttpContext http, GatewayState state, PolicySnapshot snapshot,
        RequestSelection selection, long started)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(selection);
        return selection.IsDefault ? snapshot
            : await AllowsAsync(http, state, snapshot, selection, started).ConfigureAwait(false) ? snapshot.For(selection)
            : null;
    }

    /// <summary>Whether <paramref name="selection"/> may be used (false once the 403 has been answered; a 400 throws).</summary>
    public static async Task<bool> AllowsAsync(HttpContext http, GatewayState state, PolicySnapshot snapshot, RequestSelection selection,
        long started)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(selection);

        var problem = SelectionCheck.Find(selection, snapshot.Constitution, Caller.Of(http).Entry,
            isProfile => selection.Source == "body" ? (isProfile ? "profile" : "context") : RequestSelectionReader.ParamFor(http.Request, isProfile));
        if (problem is null)
        {
            return true;
        }

        if (problem.Status == StatusCodes.Status400BadRequest)
        {
            throw new RequestBodyException(problem.Message, problem.Param);
        }

        await RejectedRequestAudit.RecordAsync(http, state, problem.Status, problem.Message, problem.Param, started).ConfigureAwait(false);
        await OpenAiErrors.WriteAsync(http, problem.Status, problem.Message, "permission_error", "profile_not_allowed",
            problem.Param).ConfigureAwait(false);
        return false;
    }

    /// <summary>The audit record with the selection the snapshot decided under (null fields for the default).</summary>
    public static AuditRecord WithSelection(this AuditRecord record, PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(snapshot);
        var options = snapshot.Pipeline.Options;
        return options.Context is null && options.Profile is null ? record : record with { Context = options.Context, Profile = options.Profile };
    }
}
