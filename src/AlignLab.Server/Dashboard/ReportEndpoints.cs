using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;
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
        var body = new ReportListResponse(catalog.Root is not null, [.. runs.Select(ReportRunEntry.From)]);
        return DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, body, DashboardJsonContext.Default.ReportListResponse);
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
        var body = new ReportCompareResponse(
            a, b, sa.RunId, sb.RunId, comparison.Warning, [.. comparison.Deltas.Select(ReportDeltaEntry.From)], comparison.ToMarkdown());
        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, body, DashboardJsonContext.Default.ReportCompareResponse).ConfigureAwait(false);
    }
}
