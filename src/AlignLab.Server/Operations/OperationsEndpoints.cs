using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AlignLab.Server.Api;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Policies;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AlignLab.Server.Operations;

/// <summary>
/// The admin API of policy history and A/B: <c>GET /api/policies/history</c>, <c>GET /api/policies/diff</c>,
/// <c>POST /api/policies/{arm}/rollback</c>, <c>GET /api/ab</c> and <c>POST /api/ab/promote</c>. A store that cannot be
/// read answers 503; nothing is changed by a request that fails.
/// </summary>
internal static class OperationsEndpoints
{
    /// <summary>Maps the endpoints (admin scope).</summary>
    public static void Map(IEndpointRouteBuilder app, GatewayState state, PolicyOperations operations)
    {
        app.MapGet("/api/policies/history", (HttpContext http) => Guard(http, () => HistoryAsync(http, operations))).RequireScope(ApiScopes.Admin);
        app.MapGet("/api/policies/diff", (HttpContext http) => Guard(http, () => DiffAsync(http, operations))).RequireScope(ApiScopes.Admin);
        app.MapPost("/api/policies/{arm}/rollback", (HttpContext http, string arm) => Guard(http, () => RollbackAsync(http, state, operations, arm)))
            .RequireScope(ApiScopes.Admin);
        app.MapGet("/api/ab", (HttpContext http) => Guard(http, () => StatusAsync(http, operations))).RequireScope(ApiScopes.Admin);
        app.MapPost("/api/ab/promote", (HttpContext http) => Guard(http, () => PromoteAsync(http, state, operations))).RequireScope(ApiScopes.Admin);
    }

    private static async Task Guard(HttpContext http, Func<Task> handle)
    {
        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (OperationsStoreException e) when (!http.Response.HasStarted)
        {
            await OpenAiErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, e.Message, "server_error",
                "history_unavailable").ConfigureAwait(false);
        }
        catch (ArgumentException e) when (!http.Response.HasStarted)
        {
            await OpenAiErrors.BadRequestAsync(http, e.Message, null).ConfigureAwait(false);
        }
    }

    private static async Task HistoryAsync(HttpContext http, PolicyOperations operations)
    {
        var arm = Query(http, "arm");
        var from = Time(http, "from");
        var to = Time(http, "to");
        if (from is { } f && to is { } t && f >= t)
        {
            throw new RequestBodyException("'from' must be before 'to'", "from");
        }

        var limit = Dashboard.DashboardHttp.QueryInt(http, "limit", 100, 1, 10_000);
        var entries = await operations.Store.HistoryAsync(arm, from, to, limit, http.RequestAborted).ConfigureAwait(false);
        await PolicyEndpoints.WriteJsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("versions");
            foreach (var e in entries)
            {
                WriteEntry(w, e, withText: false);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task DiffAsync(HttpContext http, PolicyOperations operations)
    {
        var fromVersion = Query(http, "from") ?? throw new RequestBodyException("query parameter 'from' (a version) is required", "from");
        var toVersion = Query(http, "to");
        var ct = http.RequestAborted;
        var first = await operations.Store.FindVersionAsync(fromVersion, null, ct).ConfigureAwait(false);
        var second = toVersion is null ? null : await operations.Store.FindVersionAsync(toVersion, null, ct).ConfigureAwait(false);
        if (first is null || (toVersion is not null && second is null))
        {
            await Dashboard.DashboardHttp.NotFoundAsync(http,
                $"no policy version '{(first is null ? fromVersion : toVersion)}' in the history").ConfigureAwait(false);
            return;
        }

        var diff = second is null ? first.Diff : LineDiff.Unified(first.Yaml, second.Yaml, first.Version, second.Version);
        await PolicyEndpoints.WriteJsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("from", second is null ? first.PreviousVersion : first.Version);
            w.WriteString("to", second?.Version ?? first.Version);
            w.WriteString("diff", diff);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task RollbackAsync(HttpContext http, GatewayState state, PolicyOperations operations, string arm)
    {
        var started = Stopwatch.GetTimestamp();
        string to;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, http.RequestAborted).ConfigureAwait(false))
        {
            to = Dashboard.DashboardHttp.RequiredText(doc.RootElement, "to", 64);
        }

        var before = state.Policies.Find(arm)?.Current.Version;
        var outcome = await operations.RollbackAsync(arm, to, Caller.Of(http).Name, http.RequestAborted).ConfigureAwait(false);
        if (before is not null)
        {
            await StateChangeAudit.RecordAsync(http, state, "policies.rollback",
                outcome.Status == PolicyChangeStatus.Applied ? "rollback" : "rollback_rejected",
                StatusOf(outcome), started, new StateChange("policy_rollback", Result(outcome), arm, before, outcome.ServingVersion, outcome.Message),
                state.Policies.Find(arm)).ConfigureAwait(false);
        }

        await WriteOutcomeAsync(http, outcome).ConfigureAwait(false);
    }

    private static async Task StatusAsync(HttpContext http, PolicyOperations operations)
    {
        var minimum = Dashboard.DashboardHttp.QueryInt(http, "min_sample", PolicyOperations.DefaultMinimumSample, 1, 100_000_000);
        var status = await operations.StatusAsync(minimum, http.RequestAborted).ConfigureAwait(false);
        if (status is null)
        {
            await Dashboard.DashboardHttp.NotFoundAsync(http,
                "no A/B experiment has run on this store (start the gateway with a policy for arm b)").ConfigureAwait(false);
            return;
        }

        await PolicyEndpoints.WriteJsonAsync(http, StatusCodes.Status200OK, w => AbStatusJson.Write(w, status)).ConfigureAwait(false);
    }

    private static async Task PromoteAsync(HttpContext http, GatewayState state, PolicyOperations operations)
    {
        var started = Stopwatch.GetTimestamp();
        string arm;
        bool force;
        int minimum;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, http.RequestAborted).ConfigureAwait(false))
        {
            arm = Dashboard.DashboardHttp.RequiredText(doc.RootElement, "arm", 8);
            force = doc.RootElement.TryGetProperty("force", out var f) && f.ValueKind == JsonValueKind.True;
            minimum = JsonBody.OptionalInt(doc.RootElement, "min_sample", PolicyOperations.DefaultMinimumSample, 1, 100_000_000);
        }

        var before = state.Policies.Find(PolicyStore.ArmA)!.Current.Version;
        var outcome = await operations.PromoteAsync(arm, Caller.Of(http).Name, force, minimum, http.RequestAborted).ConfigureAwait(false);
        await StateChangeAudit.RecordAsync(http, state, "ab.promote", outcome.Status == PolicyChangeStatus.Applied ? "promote" : "promote_rejected",
            StatusOf(outcome), started, new StateChange("ab_promote", Result(outcome), arm, before, outcome.ServingVersion,
                outcome.Message)).ConfigureAwait(false);
        await WriteOutcomeAsync(http, outcome).ConfigureAwait(false);
    }

    private static int StatusOf(PolicyChangeOutcome outcome) => outcome.Status switch
    {
        PolicyChangeStatus.Applied or PolicyChangeStatus.Unchanged => StatusCodes.Status200OK,
        PolicyChangeStatus.NotFound => StatusCodes.Status404NotFound,
        PolicyChangeStatus.Busy => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static string Result(PolicyChangeOutcome outcome) => outcome.Status switch
    {
        PolicyChangeStatus.Applied => "applied",
        PolicyChangeStatus.Unchanged => "unchanged",
        _ => "rejected",
    };

    private static Task WriteOutcomeAsync(HttpContext http, PolicyChangeOutcome outcome) =>
        PolicyEndpoints.WriteJsonAsync(http, StatusOf(outcome), w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("applied", outcome.Status == PolicyChangeStatus.Applied);
            w.WriteString("status", outcome.Status.ToString().ToLowerInvariant());
            w.WriteString("message", outcome.Message);
            w.WriteString("serving_version", outcome.ServingVersion);
            if (outcome.Entry is { } e)
            {
                w.WritePropertyName("entry");
                WriteEntry(w, e, withText: false);
            }

            w.WriteStartArray("diagnostics");
            foreach (var d in outcome.Diagnostics ?? [])
            {
                w.WriteStringValue(d.ToString());
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    internal static void WriteEntry(Utf8JsonWriter w, PolicyVersionEntry e, bool withText)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", e.Seq);
        w.WriteString("arm", e.Arm);
        w.WriteString("version", e.Version);
        w.WriteString("policy", e.Policy);
        w.WriteString("author", e.Author);
        w.WriteString("at", e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("reason", e.Reason);
        if (e.PreviousVersion is null)
        {
            w.WriteNull("previous_version");
        }
        else
        {
            w.WriteString("previous_version", e.PreviousVersion);
        }

        w.WriteString("origin", e.Origin);
        var (added, removed) = LineDiff.Count(e.Diff);
        w.WriteNumber("lines_added", added);
        w.WriteNumber("lines_removed", removed);
        if (e.Detail is null)
        {
            w.WriteNull("detail");
        }
        else
        {
            w.WriteString("detail", e.Detail);
        }

        if (withText)
        {
            w.WriteString("diff", e.Diff);
            w.WriteString("yaml", e.Yaml);
        }

        w.WriteEndObject();
    }

    private static string? Query(HttpContext http, string name) => http.Request.Query[name].ToString() is { Length: > 0 } v ? v : null;

    private static DateTimeOffset? Time(HttpContext http, string name) =>
        Query(http, name) is not { } text
            ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? t
                : throw new RequestBodyException($"query parameter '{name}' is not a time (yyyy-MM-dd or ISO 8601)", name);
}
