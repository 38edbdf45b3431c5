using AlignLab.Constitutions;
using AlignLab.Models;
using AlignLab.Server.Policies;
using AlignLab.Server.Security;
using AlignLab.Storage;

namespace AlignLab.Server.Hosting;

/// <summary>
/// Everything <c>alignlab serve</c> needs. Filled from the command line and/or a gateway YAML file
/// (<see cref="GatewayConfigLoader"/>); <see cref="Validate"/> reports every problem at once.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>Where Kestrel listens. Loopback by default: exposing the gateway is a deliberate choice.</summary>
    public IList<string> Urls { get; } = ["http://127.0.0.1:8080"];

    /// <summary>The constitution of arm A (null: the embedded default).</summary>
    public string? PolicyPath { get; set; }

    /// <summary>The constitution of arm B for an A/B split, or null for no split.</summary>
    public string? PolicyBPath { get; set; }

    /// <summary>Share of traffic (0–1) routed to arm B when <see cref="PolicyBPath"/> is set.</summary>
    public double SplitFraction { get; set; } = 0.5;

    /// <summary>The upstream chat model guarded by <c>/v1/chat/completions</c> (a spec or a name from the policy's <c>models:</c>).</summary>
    public string? Upstream { get; set; }

    /// <summary>Classifier model file (null: the embedded default).</summary>
    public string? ClassifierPath { get; set; }

    /// <summary>Client keys (hashed). Empty means no authentication, which is only allowed on loopback unless <see cref="AllowAnonymous"/>.</summary>
    public IList<ApiKeyEntry> ApiKeys { get; } = [];

    /// <summary>Serve without keys on a non-loopback address (explicit opt-in).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// The scopes of anonymous callers (no keys configured). Null: every scope when the gateway listens on loopback
    /// only (the local operator), else <see cref="ApiScopes.Inference"/> (see <see cref="EffectiveAnonymousScopes"/>).
    /// </summary>
    public ApiScopes? AnonymousScopes { get; set; }

    /// <summary>The scopes anonymous callers hold (see <see cref="AnonymousScopes"/>).</summary>
    public ApiScopes EffectiveAnonymousScopes => AnonymousScopes ?? (Urls.All(IsLoopback) ? ApiScopes.All : ApiScopes.Inference);

    /// <summary>
    /// Host names (beyond IP literals, <c>localhost</c> and the names in <see cref="Urls"/>) that requests may name in
    /// their <c>Host</c> header: exact names or <c>*.example.com</c>; <c>*</c> allows any. Others get 421, which defeats
    /// DNS rebinding.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Model specs a policy sent over the API may use besides the upstream and the models of the policies the gateway
    /// started with. Any other model in an uploaded policy is refused, so an upload cannot send prompts or keys elsewhere.
    /// </summary>
    public IList<string> AllowedModels { get; } = [];

    /// <summary>The folder whose files an uploaded policy may include by name (null: uploaded policies cannot include files).</summary>
    public string? PolicyIncludeFolder { get; set; }

    /// <summary>Limits on every policy the gateway loads (nesting depth, rules, pattern sizes).</summary>
    public ConstitutionLoadOptions PolicyLimits { get; set; } = ConstitutionLoadOptions.Default;

    /// <summary>Failed authentications allowed per client address within <see cref="FailedAuthenticationWindow"/> before
    /// that address is refused (429) until the window ends.</summary>
    public int FailedAuthenticationLimit { get; set; } = 10;

    /// <summary>The window of <see cref="FailedAuthenticationLimit"/>.</summary>
    public TimeSpan FailedAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rate limit for anonymous callers (when no keys are configured), per client address.</summary>
    public double AnonymousRequestsPerSecond { get; set; } = 50;

    /// <summary>Largest request body accepted; larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Origins allowed by CORS. Empty (the default) means no CORS headers at all.</summary>
    public IList<string> CorsOrigins { get; } = [];

    /// <summary>SQLite audit database (WAL). Used unless <see cref="AuditPostgresConnectionString"/> is set. The default is
    /// <c>alignlab-audit.db</c> in <see cref="AlignLabHome"/> (<c>$ALIGNLAB_HOME</c>, else the user's data folder), not the
    /// current directory.</summary>
    public string AuditDatabasePath { get; set; } = AlignLabHome.Combine("alignlab-audit.db");

    /// <summary>SQLite <c>synchronous=FULL</c>: every commit is fsynced, surviving a power loss. The default (NORMAL, in WAL mode)
    /// survives a crash or SIGKILL of the process, which is what the load numbers in docs/PERFORMANCE.md assume.</summary>
    public bool AuditFullSync { get; set; }

    /// <summary>PostgreSQL connection string for a shared audit log (several replicas). Read from an environment variable by the CLI.</summary>
    public string? AuditPostgresConnectionString { get; set; }

    /// <summary>Longest a request waits for its audit record to be committed before the response is sent.</summary>
    public TimeSpan AuditCommitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// SQLite database for the human review queue (preference pairs go in a file beside it). When null, the queue and
    /// the pairs go in the audit log's PostgreSQL database if there is one (<see cref="ReviewPostgresConnectionString"/>),
    /// else in SQLite files beside the audit database. Setting it keeps them in this file even with a PostgreSQL audit log.
    /// </summary>
    public string? ReviewDatabasePath { get; set; }

    /// <summary>
    /// The PostgreSQL database of the review queue and preference pairs, shared by every replica: the audit log's
    /// (<see cref="AuditPostgresConnectionString"/>) unless <see cref="ReviewDatabasePath"/> names a SQLite file.
    /// </summary>
    public string? ReviewPostgresConnectionString => ReviewDatabasePath is null ? AuditPostgresConnectionString : null;

    /// <summary>Directory whose sub-directories hold eval runs (summary.json + report.html), shown by the dashboard.</summary>
    public string? ReportsDirectory { get; set; }

    /// <summary>Whether the dashboard pages are served.</summary>
    public bool EnableDashboard { get; set; } = true;

    /// <summary>
    /// Whether each request gets one structured log line at Information (category
    /// <c>Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware</c>): method, path, route, status, duration, key name,
    /// decision, arm and audit id; never headers, query strings or bodies. On by default.
    /// </summary>
    public bool RequestLog { get; set; } = true;

    /// <summary>Time source.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options and returns every problem found (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Urls.Count == 0)
        {
            problems.Add("urls: at least one listen address is needed");
        }

        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                problems.Add($"urls: '{url}' is not an http(s) URL");
            }
        }

        if (ApiKeys.Count == 0 && !AllowAnonymous && !Urls.All(IsLoopback))
        {
            problems.Add("api_keys: a gateway listening beyond loopback needs API keys (or --allow-anonymous to serve without them)");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                problems.Add("api_keys: every key needs a name");
            }
            else if (!names.Add(key.Name))
            {
                problems.Add($"api_keys: the name '{key.Name}' is used twice");
            }

            if (!Security.ApiKeyHasher.IsHash(key.Sha256))
            {
                problems.Add($"api_keys.{key.Name}: sha256 must be 64 hex digits (hash the key with 'alignlab serve hash-key'; never put the key itself in config)");
            }

            if (!(key.RequestsPerSecond > 0) || key.Burst < 1)
            {
                problems.Add($"api_keys.{key.Name}: requests_per_second must be > 0 and burst ≥ 1");
            }
        }

        if (FailedAuthenticationLimit < 1)
        {
            problems.Add("failed_auth_limit must be at least 1");
        }

        if (FailedAuthenticationWindow <= TimeSpan.Zero)
        {
            problems.Add("the failed-authentication window must be positive");
        }

        foreach (var spec in AllowedModels)
        {
            if (ModelSpec.TryParse(spec, out var modelError) is null)
            {
                problems.Add($"allowed_models: '{spec}': {modelError}");
            }
        }

        if (PolicyIncludeFolder is not null && !Directory.Exists(PolicyIncludeFolder))
        {
            problems.Add($"policy_include_folder: {PolicyIncludeFolder} is not a folder");
        }

        foreach (var host in AllowedHosts)
        {
            var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (host != "*" && (name.Length == 0 || Uri.CheckHostName(name) == UriHostNameType.Unknown))
            {
                problems.Add($"allowed_hosts: '{host}' is not a host name (example.com, *.example.com or *)");
            }
        }

        if (!(AnonymousRequestsPerSecond > 0))
        {
            problems.Add("anonymous_requests_per_second must be > 0");
        }

        if (SplitFraction is < 0 or > 1 || double.IsNaN(SplitFraction))
        {
            problems.Add($"split: {SplitFraction} is not a fraction between 0 and 1");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            problems.Add("max_request_body_bytes must be at least 1024");
        }

        if (AuditCommitTimeout <= TimeSpan.Zero)
        {
            problems.Add("audit commit timeout must be positive");
        }

        foreach (var origin in CorsOrigins)
        {
            if (origin != "*" && !Uri.TryCreate(origin, UriKind.Absolute, out _))
            {
                problems.Add($"cors: '{origin}' is not an origin (scheme://host[:port])");
            }
        }

        if (Upstream is not null && ModelSpec.TryParse(Upstream, out var error) is null && !IsPlainName(Upstream))
        {
            problems.Add($"upstream: {error}");
        }

        return problems;
    }

    /// <summary>What policies sent over the API may do (see <see cref="PolicyUploadSettings"/>).</summary>
    public PolicyUploadSettings UploadSettings() =>
        new(PolicyIncludeFolder, [.. AllowedModels.Select(m => ModelSpec.TryParse(m, out _)).OfType<ModelSpec>()], PolicyLimits);

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void ValidateOrThrow()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid gateway options:\n  " + string.Join("\n  ", problems));
        }
    }

    private static bool IsPlainName(string text) => text.Length > 0 && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.');

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host is "127.0.0.1" or "[::1]" or "localhost");
}
