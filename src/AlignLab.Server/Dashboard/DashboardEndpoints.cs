using System.Collections.Frozen;
using System.Reflection;
using AlignLab.Runtime.Review;
using AlignLab.Server.Hosting;
using AlignLab.Server.Preferences;
using AlignLab.Server.Preferences.Ratings;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AlignLab.Server.Dashboard;

/// <summary>
/// Serves the dashboard's static pages (embedded in this assembly; nothing is fetched from a CDN) and the JSON APIs
/// only the dashboard uses (all under <c>/api</c>, so they need an API key like every other API).
/// </summary>
public static class DashboardEndpoints
{
    private const string Prefix = "AlignLab.Server.wwwroot.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
        [".png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps <c>/</c> and <c>/ui/{file}</c> to the embedded pages, and the dashboard's APIs.</summary>
    public static void MapDashboard(this WebApplication app, GatewayState state)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(state);
        var files = LoadFiles();
        app.MapGet("/", (HttpContext http) => Serve(http, files, "index.html"));
        app.MapGet("/ui/{*file}", (HttpContext http, string file) => Serve(http, files, file));

        app.MapPost("/api/dashboard/compare", (HttpContext http) => ChatLabEndpoints.CompareAsync(http, state)).RequireScope(ApiScopes.Inference);
        app.MapPost("/api/dashboard/critique", (HttpContext http) => ChatLabEndpoints.CritiqueAsync(http, state)).RequireScope(ApiScopes.Inference);

        var queue = app.Services.GetRequiredService<IReviewQueue>();
        app.MapGet("/api/review", (HttpContext http) => ReviewEndpoints.ListAsync(http, queue)).RequireScope(ApiScopes.Review);
        app.MapPost("/api/review/{id}/decision", (HttpContext http, string id) => ReviewEndpoints.DecideAsync(http, queue, id, state)).RequireScope(ApiScopes.Review);

        var preferences = app.Services.GetRequiredService<IPreferenceStore>();
        app.MapPost("/api/preferences", (HttpContext http) => PreferenceEndpoints.AddAsync(http, preferences, state)).RequireScope(ApiScopes.Review);
        app.MapGet("/api/preferences", (HttpContext http) => PreferenceEndpoints.RecentAsync(http, preferences)).RequireScope(ApiScopes.Review);
        app.MapGet("/api/preferences/export", (HttpContext http) => PreferenceEndpoints.ExportAsync(http, preferences)).RequireScope(ApiScopes.Review);

        var ratings = RatingStores.For(preferences, state.Time);
        app.MapPost("/api/ratings/import", (HttpContext http) => RatingEndpoints.ImportAsync(http, ratings, state)).RequireScope(ApiScopes.Review);
        app.MapGet("/api/ratings/batches", (HttpContext http) => RatingEndpoints.BatchesAsync(http, ratings)).RequireScope(ApiScopes.Review);
        app.MapGet("/api/ratings/batches/{batch:long}/items/{position:int}",
            (HttpContext http, long batch, int position) => RatingEndpoints.ItemAsync(http, ratings, batch, position)).RequireScope(ApiScopes.Review);
        app.MapPost("/api/ratings/items/{item:long}",
            (HttpContext http, long item) => RatingEndpoints.RateAsync(http, ratings, state, item)).RequireScope(ApiScopes.Review);
        app.MapGet("/api/ratings/batches/{batch:long}/agreement",
            (HttpContext http, long batch) => RatingEndpoints.AgreementAsync(http, ratings, batch)).RequireScope(ApiScopes.Review);
        app.MapGet("/api/ratings/batches/{batch:long}/export",
            (HttpContext http, long batch) => RatingEndpoints.ExportAsync(http, ratings, batch)).RequireScope(ApiScopes.Review);

        var runs = new EvalRunCatalog(state.Options.ReportsDirectory);
        app.MapGet("/api/reports", (HttpContext http) => ReportEndpoints.ListAsync(http, runs)).RequireScope(ApiScopes.Review);
        app.MapGet("/api/reports/compare", (HttpContext http) => ReportEndpoints.CompareAsync(http, runs)).RequireScope(ApiScopes.Review);
        app.MapGet("/api/reports/{run}/report.html", (HttpContext http, string run) => ReportEndpoints.ReportAsync(http, runs, run)).RequireScope(ApiScopes.Review);
    }

    /// <summary>The preference database: beside the review database (or the audit database when the queue is not a file).</summary>
    internal static string PreferenceDatabasePath(GatewayOptions options, IReviewQueue queue)
    {
        ArgumentNullException.ThrowIfNull(options);
        var besides = queue is SqliteReviewQueue sqlite ? sqlite.Path : Path.GetFullPath(options.ReviewDatabasePath ?? options.AuditDatabasePath);
        return Path.Combine(Path.GetDirectoryName(besides) ?? ".", SqlitePreferenceStore.DefaultFileName);
    }

    private static FrozenDictionary<string, byte[]> LoadFiles()
    {
        var asm = typeof(DashboardEndpoints).Assembly;
        var map = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            map[name[Prefix.Length..].Replace('\\', '/')] = ms.ToArray();
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static async Task Serve(HttpContext http, FrozenDictionary<string, byte[]> files, string file)
    {
        if (!files.TryGetValue(file, out var bytes))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }
}
