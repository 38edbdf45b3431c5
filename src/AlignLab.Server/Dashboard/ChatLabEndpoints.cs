using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlignLab.Constitutions;
using AlignLab.IO;
using AlignLab.Runtime;
using AlignLab.Runtime.Critique;
using AlignLab.Runtime.Pipeline;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Policies;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace AlignLab.Server.Dashboard;

/// <summary>
/// The research endpoints behind the chat pages: <c>POST /api/dashboard/compare</c> (one prompt to the raw upstream
/// model and to the aligned pipeline, with the alignment trace) and <c>POST /api/dashboard/critique</c>
/// (critique→revision on demand, whether or not the policy enables it).
/// </summary>
internal static class ChatLabEndpoints
{
    private const int MaxPromptChars = 32_000;
    internal const string CompareEndpoint = "dashboard.compare";
    internal const string CritiqueEndpoint = "dashboard.critique";

    /// <summary>Body: <c>{"prompt", "arm"?}</c>. Answer: <c>{"arm", "policy", "base": {…}, "aligned": {…, "trace"}}</c>.</summary>
    public static async Task CompareAsync(HttpContext http, GatewayState state)
    {
        var ct = http.RequestAborted;
        string prompt;
        string? armName;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, ct).ConfigureAwait(false))
        {
            prompt = DashboardHttp.RequiredText(doc.RootElement, "prompt", MaxPromptChars);
            armName = DashboardHttp.OptionalText(doc.RootElement, "arm", 16);
        }

        using var lease = ResolveArm(state, armName);
        var snapshot = lease.Snapshot;
        if (snapshot.Client is null || snapshot.Upstream is null)
        {
            await NoUpstreamAsync(http).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        ChatMessage[] messages = [new(ChatRole.User, prompt)];
        var baseTask = RunAsync(snapshot.Upstream, messages, ct);
        var alignedTask = RunAsync(snapshot.Client, messages, ct);
        var results = await Task.WhenAll(baseTask, alignedTask).ConfigureAwait(false);
        var (baseResult, aligned) = (results[0], results[1]);
        var trace = aligned.Response?.GetAlignmentTrace();
        var action = trace?.FinalAction ?? AlignmentAction.Allow;
        var auditId = await AuditAsync(http, state, snapshot, CompareEndpoint, action.ToName(), action != AlignmentAction.Allow, started, prompt,
            trace is null ? "{}" : AlignmentTraceJson.Serialize(trace, indented: false)).ConfigureAwait(false);
        if (auditId is null)
        {
            return;
        }

        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("audit_id", auditId);
            w.WriteString("arm", snapshot.Arm);
            w.WriteString("policy", snapshot.Constitution.Name);
            w.WriteString("policy_version", snapshot.Version);
            w.WriteStartObject("base");
            WriteSide(w, baseResult);
            w.WriteEndObject();
            w.WriteStartObject("aligned");
            WriteSide(w, aligned);
            w.WriteString("action", action.ToName());
            if (trace is not null)
            {
                w.WritePropertyName("trace");
                AlignmentTraceJson.Write(w, trace);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Body: <c>{"prompt", "draft"?, "arm"?}</c>. Without a draft, the raw upstream model writes one. Answer: the draft,
    /// every round (principles with their descriptions, critique, score, revision), the stop reason and the final text.
    /// </summary>
    public static async Task CritiqueAsync(HttpContext http, GatewayState state)
    {
        var ct = http.RequestAborted;
        string prompt;
        string? draft;
        string? armName;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, ct).ConfigureAwait(false))
        {
            prompt = DashboardHttp.RequiredText(doc.RootElement, "prompt", MaxPromptChars);
            draft = DashboardHttp.OptionalText(doc.RootElement, "draft", MaxPromptChars);
            armName = DashboardHttp.OptionalText(doc.RootElement, "arm", 16);
        }

        using var lease = ResolveArm(state, armName);
        var snapshot = lease.Snapshot;
        var constitution = snapshot.Constitution;
        if (constitution.Principles.Length == 0)
        {
            throw new RequestBodyException($"policy '{constitution.Name}' has no principles to critique against", "arm");
        }

        var named = constitution.Runtime.CritiqueRevision;
        if (snapshot.Upstream is null && (named.Critic is null || draft is null))
        {
            await NoUpstreamAsync(http).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        RevisionOutcome outcome;
        try
        {
            if (draft is null)
            {
                var drafted = await snapshot.Upstream!.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], cancellationToken: ct).ConfigureAwait(false);
                draft = drafted.Text;
            }

            // The critic and reviser made for this request are disposed with it (whoever creates a client disposes it).
            var created = new Dictionary<string, IChatClient>(StringComparer.Ordinal);
            try
            {
                var reviser = ConstitutionRuntime.CreateReviser(constitution,
                    name => created.TryGetValue(name, out var made)
                        ? made
                        : created[name] = state.Policies.CreateClient(constitution.Runtime.Models[name]),
                    snapshot.Upstream, state.Time);
                outcome = await reviser.ReviseAsync(prompt, draft, ct).ConfigureAwait(false);
            }
            finally
            {
                foreach (var client in created.Values)
                {
                    client.Dispose();
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The failed call is audited too (best effort: the caller sees the upstream failure either way).
            await state.RecordBestEffortAsync(http, Record(http, state, snapshot, CritiqueEndpoint, "error", false, StatusCodes.Status502BadGateway, started, prompt, "{}"),
                armStatistics: false).ConfigureAwait(false);

            await OpenAiErrors.WriteAsync(http, StatusCodes.Status502BadGateway, "critique→revision failed: " + ex.Message, "upstream_error", "critique_failed").ConfigureAwait(false);
            return;
        }

        var descriptions = constitution.Principles.ToDictionary(p => p.Id, p => p.Description, StringComparer.Ordinal);
        var details = outcome.Details as JsonObject ?? [];
        var changed = details["changed"]?.GetValue<bool>() ?? false;
        var violated = details["rounds"]?.AsArray().Any(r => r?["violation"]?.GetValue<bool>() == true) ?? false;
        var auditId = await AuditAsync(http, state, snapshot, CritiqueEndpoint, changed ? "revise" : "allow", violated, started, prompt,
            details.ToJsonString()).ConfigureAwait(false);
        if (auditId is null)
        {
            return;
        }

        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("audit_id", auditId);
            w.WriteString("arm", snapshot.Arm);
            w.WriteString("policy", constitution.Name);
            w.WriteString("draft", draft);
            w.WriteString("final", outcome.Final);
            w.WriteString("summary", outcome.Summary);
            w.WriteString("stop_reason", details["stop_reason"]?.GetValue<string>() ?? "");
            w.WriteBoolean("changed", changed);
            w.WriteNumber("ms", Math.Round(GatewayState.ElapsedMs(started), 1));
            w.WriteStartArray("rounds");
            foreach (var round in details["rounds"]?.AsArray() ?? [])
            {
                if (round is not JsonObject r)
                {
                    continue;
                }

                w.WriteStartObject();
                w.WriteNumber("round", r["round"]?.GetValue<int>() ?? 0);
                w.WriteStartArray("principles");
                foreach (var id in r["principles"]?.AsArray().Select(p => p?.GetValue<string>()).OfType<string>() ?? [])
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteStringOrNull("description", descriptions.GetValueOrDefault(id));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteBoolean("violation", r["violation"]?.GetValue<bool>() ?? false);
                if (r["score"] is JsonValue score)
                {
                    w.WriteNumber("score", score.GetValue<double>());
                }
                else
                {
                    w.WriteNull("score");
                }

                w.WriteStringOrNull("critique", r["critique"]?.GetValue<string>());
                w.WriteStringOrNull("revision", r["revision"]?.GetValue<string>());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits the audit record of a chat-lab call before its answer is sent, as the OpenAI endpoints do (these calls
    /// reach the raw upstream model too). Not counted in the arm's A/B statistics: a researcher's experiments are not
    /// traffic. Returns the audit id, or null when the record could not be committed (503 already written).
    /// </summary>
    private static async Task<string?> AuditAsync(HttpContext http, GatewayState state, PolicySnapshot snapshot, string endpoint, string action, bool flagged, long started, string prompt, string traceJson)
    {
        var record = Record(http, state, snapshot, endpoint, action, flagged, StatusCodes.Status200OK, started, prompt, traceJson);
        if (!await state.TryRecordAsync(http, record, blocked: false, armStatistics: false).ConfigureAwait(false))
        {
            return null;
        }

        http.Response.Headers["x-alignlab-audit-id"] = record.Id;
        return record.Id;
    }

    private static AuditRecord Record(HttpContext http, GatewayState state, PolicySnapshot snapshot, string endpoint, string action, bool flagged, int status, long started, string prompt, string traceJson) =>
        new(GatewayState.NewAuditId(), state.Time.GetUtcNow(), Caller.Of(http).Name, endpoint, snapshot.Arm, snapshot.Constitution.Name, snapshot.Version,
            action, flagged, status, GatewayState.ElapsedMs(started), GatewayState.Sha256(prompt), traceJson);

    private static PolicyLease ResolveArm(GatewayState state, string? armName) =>
        (armName is null ? state.Policies.Find(PolicyStore.ArmA) : state.Policies.Find(armName))?.Acquire()
            ?? throw new RequestBodyException($"no arm '{armName}'", "arm");

    private static Task NoUpstreamAsync(HttpContext http) =>
        DashboardHttp.UnavailableAsync(http, "this gateway has no upstream model configured (start it with --upstream provider:model)", "no_upstream");

    private static async Task<SideResult> RunAsync(IChatClient client, ChatMessage[] messages, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await client.GetResponseAsync(messages, cancellationToken: ct).ConfigureAwait(false);
            return new SideResult(response, null, GatewayState.ElapsedMs(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new SideResult(null, ex.Message, GatewayState.ElapsedMs(started));
        }
    }

    private static void WriteSide(Utf8JsonWriter w, SideResult side)
    {
        w.WriteStringOrNull("text", side.Response?.Text);
        w.WriteStringOrNull("error", side.Error);
        w.WriteNumber("ms", Math.Round(side.Milliseconds, 1));
    }

    private sealed record SideResult(ChatResponse? Response, string? Error, double Milliseconds);
}
