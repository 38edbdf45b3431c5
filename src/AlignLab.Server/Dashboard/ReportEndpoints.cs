using System.Globalization;
using System.Text.Json;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;
using AlignLab.IO;
using AlignLab.Server.OpenAi;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Dashboard;

/// <summary>
/// <c>GET /api/reports</c> (the runs), <c>GET /api/reports/{run}/report.html</c> (a run's report page, only from a
/// run directory under the reports directory) and <c>GET /api/reports/compare?a=RUN&amp;b=RUN</c> (a
/// <see cref="ComparisonReport"/> of two runs).
/// </summary>
internal static class ReportEndpoints
{
    /// <summary>
    /// The report pages carry their own CSP (one hashed script, inline styles). This header adds a sandbox (an opaque
    /// origin that cannot read the dashboard's storage), forbids every fetch and keeps the page out of other sites' frames.
    /// </summary>
    internal const string ReportContentSecurityPolicy = "sandbox allow-scripts; default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

    public static Task ListAsync(HttpContext http, EvalRunCatalog catalog)
    {
        var runs = catalog.List();
        return DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("configured", catalog.Root is not null);
            w.WriteStartArray("runs");
            foreach (var run in runs)
            {
                w.WriteStartObject();
                w.WriteString("name", run.Name);
                w.WriteBoolean("has_report", run.HasReport);
                w.WriteStringOrNull("error", run.Error);
                if (run.Summary is { } s)
                {
                    w.WriteString("run_id", s.RunId);
                    w.WriteString("started_at", s.StartedAt.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteString("policy", s.Policy);
                    w.WriteStringOrNull("model", s.Model);
                    w.WriteNumber("cases", s.Cases);
                    w.WriteStartArray("suites");
                    foreach (var suite in s.Suites.IsDefault ? [] : s.Suites)
                    {
                        w.WriteStringValue(suite);
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("strategies");
                    foreach (var st in s.Strategies.IsDefault ? [] : s.Strategies)
                    {
                        w.WriteStartObject();
                        w.WriteString("strategy", st.Strategy);
                        w.WriteBoolean("available", st.Available);
                        WriteRate(w, "safety", st.HarmfulBlocked);
                        WriteRate(w, "fpr", st.FalsePositives);
                        WriteRate(w, "over_refusal", st.OverRefusal);
                        w.WriteNumber("latency_p50_ms", Math.Round(st.LatencyP50Ms, 3));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    var gates = s.Gates.IsDefault ? [] : s.Gates;
                    w.WriteNumber("gates", gates.Length);
                    w.WriteNumber("gates_failed", gates.Count(g => !g.Passed));
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task ReportAsync(HttpContext http, EvalRunCatalog catalog, string run)
    {
        if (catalog.ResolveFile(run, EvalRunCatalog.ReportFileName) is not { } path)
        {
            await DashboardHttp.NotFoundAsync(http, $"no report for run '{run}'").ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = ReportContentSecurityPolicy;
        await http.Response.SendFileAsync(path, http.RequestAborted).ConfigureAwait(false);
    }

    public static async Task CompareAsync(HttpContext http, EvalRunCatalog catalog)
    {
        var a = http.Request.Query["a"].ToString();
        var b = http.Request.Query["b"].ToString();
        if (a.Length == 0 || b.Length == 0)
        {
            throw new RequestBodyException("name two runs: /api/reports/compare?a=RUN&b=RUN", a.Length == 0 ? "a" : "b");
        }

        EvalSummary? sa, sb;
        try
        {
            sa = catalog.ReadSummary(a);
            sb = catalog.ReadSummary(b);
        }
        catch (InvalidDataException ex)
        {
            throw new RequestBodyException("a summary.json could not be read: " + (ex.InnerException ?? ex).Message, "a");
        }

        if (sa is null || sb is null)
        {
            await DashboardHttp.NotFoundAsync(http, $"no run '{(sa is null ? a : b)}'").ConfigureAwait(false);
            return;
        }

        var comparison = ComparisonReport.Compare(sa, sb);
        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("a", a);
            w.WriteString("b", b);
            w.WriteString("a_run_id", sa.RunId);
            w.WriteString("b_run_id", sb.RunId);
            w.WriteStringOrNull("warning", comparison.Warning);
            w.WriteStartArray("deltas");
            foreach (var d in comparison.Deltas)
            {
                w.WriteStartObject();
                w.WriteString("strategy", d.Strategy);
                w.WriteString("metric", d.Metric);
                w.WriteString("label", d.Label);
                WriteNumberOrNull(w, "a", d.A);
                WriteNumberOrNull(w, "b", d.B);
                WriteNumberOrNull(w, "delta", d.Delta);
                w.WriteBoolean("is_rate", d.IsRate);
                if (d.HigherIsBetter is { } up)
                {
                    w.WriteBoolean("higher_is_better", up);
                }
                else
                {
                    w.WriteNull("higher_is_better");
                }

                w.WriteBoolean("ci_separated", d.CiSeparated);
                w.WriteBoolean("notable", d.IsNotable);
                w.WriteStringOrNull("note", d.Note);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("markdown", comparison.ToMarkdown());
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static void WriteRate(Utf8JsonWriter w, string name, RateEstimate? rate)
    {
        if (rate is { Total: > 0 } r)
        {
            w.WriteNumber(name, Math.Round(r.Rate, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, Math.Round(v, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
