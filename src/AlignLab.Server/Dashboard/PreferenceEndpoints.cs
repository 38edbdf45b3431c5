using System.Diagnostics;
using System.Globalization;
using AlignLab.IO;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Preferences;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Dashboard;

/// <summary>
/// <c>POST /api/preferences</c> (store a pair), <c>GET /api/preferences</c> (recent pairs and the count) and
/// <c>GET /api/preferences/export</c> (every pair as JSONL).
/// </summary>
internal static class PreferenceEndpoints
{
    private const int MaxChars = 64_000;

    /// <summary>Body: <c>{"prompt", "chosen", "rejected", "reason"?, "source"?}</c>; chosen and rejected must differ.</summary>
    public static async Task AddAsync(HttpContext http, IPreferenceStore store, GatewayState state)
    {
        var started = Stopwatch.GetTimestamp();
        var ct = http.RequestAborted;
        string prompt, chosen, rejected;
        string? reason, source;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, ct).ConfigureAwait(false))
        {
            var root = doc.RootElement;
            prompt = DashboardHttp.RequiredText(root, "prompt", MaxChars);
            chosen = DashboardHttp.RequiredText(root, "chosen", MaxChars);
            rejected = DashboardHttp.RequiredText(root, "rejected", MaxChars);
            reason = DashboardHttp.OptionalText(root, "reason", 4_000);
            source = DashboardHttp.OptionalText(root, "source", 64);
        }

        if (string.Equals(chosen, rejected, StringComparison.Ordinal))
        {
            throw new RequestBodyException("'chosen' and 'rejected' are the same text; a preference needs two different responses", "rejected");
        }

        var pair = await store.AddAsync(prompt, chosen, rejected, reason, Caller.Of(http).Name, source, ct).ConfigureAwait(false);
        await StateChangeAudit.RecordAsync(http, state, "preferences.add", "add", StatusCodes.Status201Created, started,
            new StateChange("preference_added", "applied", pair.Id.ToString(CultureInfo.InvariantCulture), null, null, source)).ConfigureAwait(false);
        await DashboardHttp.JsonAsync(http, StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("id", pair.Id);
            w.WriteString("created_at", pair.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Query: <c>limit</c> (1–500, default 20).</summary>
    public static async Task RecentAsync(HttpContext http, IPreferenceStore store)
    {
        var limit = DashboardHttp.QueryInt(http, "limit", 20, 1, 500);
        var pairs = await store.RecentAsync(limit, http.RequestAborted).ConfigureAwait(false);
        var count = await store.CountAsync(http.RequestAborted).ConfigureAwait(false);
        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", count);
            w.WriteStartArray("pairs");
            foreach (var p in pairs)
            {
                w.WriteStartObject();
                w.WriteNumber("id", p.Id);
                w.WriteString("prompt", p.Prompt);
                w.WriteString("chosen", p.Chosen);
                w.WriteString("rejected", p.Rejected);
                w.WriteStringOrNull("reason", p.Reason);
                w.WriteString("rater", p.Rater);
                w.WriteStringOrNull("source", p.Source);
                w.WriteString("created_at", p.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Every pair, oldest first, as <c>application/x-ndjson</c> (downloaded as <c>preferences.jsonl</c>).</summary>
    public static Task ExportAsync(HttpContext http, IPreferenceStore store)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"preferences.jsonl\"";
        return store.ExportJsonlAsync(http.Response.Body, http.RequestAborted);
    }
}
