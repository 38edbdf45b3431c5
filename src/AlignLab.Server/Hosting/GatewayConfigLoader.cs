using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Server.Security;
using AlignLab.Server.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace AlignLab.Server.Hosting;

/// <summary>
/// Binds the gateway's configuration (its YAML file, read by <see cref="GatewayYamlConfigurationProvider"/>, and
/// <c>ALIGNLAB__…</c> environment variables over it) to <see cref="GatewayOptions"/>. Every problem is reported with
/// where the value was set (file:line:column, or the variable's name); relative paths are resolved against the file's
/// directory. Secrets never appear in the file: keys are stored as SHA-256 hashes, and a PostgreSQL connection string
/// is read from the environment variable it names.
/// </summary>
public static class GatewayConfigLoader
{
    private static readonly string[] RootKeys =
    [
        "listen", "policy", "policy_b", "split", "upstream", "classifier", "api_keys", "allow_anonymous", "anonymous_requests_per_second",
        "max_request_body_bytes", "cors", "audit", "review_db", "reports", "dashboard", "allowed_hosts", "anonymous_scopes", "failed_auth_limit",
        "allowed_models", "policy_include_folder", "policy_limits", "request_log", "auto_rollback",
    ];

    private static readonly string[] LimitKeys = ["max_depth", "max_rules", "max_pattern_length", "max_total_pattern_length"];

    private static readonly string[] KeyKeys = ["name", "sha256", "requests_per_second", "burst", "scopes", "profiles", "contexts"];
    private static readonly string[] AuditKeys = ["sqlite", "postgres_env", "commit_timeout_ms", "synchronous"];

    /// <summary>Loads the file into <paramref name="options"/> (values in the file replace the defaults); returns the diagnostics.
    /// Environment variables are not read (see <see cref="LoadWithEnvironment"/>).</summary>
    public static IReadOnlyList<Diagnostic> Load(string path, GatewayOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Bind(GatewayConfiguration.Build(path, environment: []), options, environment);
    }

    /// <summary>
    /// Loads the file (when given) and the <c>ALIGNLAB__…</c> environment variables over it into <paramref name="options"/>
    /// (see <see cref="GatewayConfiguration"/>); returns the diagnostics.
    /// </summary>
    /// <param name="path">The gateway file, or null for the variables alone.</param>
    /// <param name="options">Filled in.</param>
    /// <param name="variables">The environment variables (null: the process's).</param>
    public static IReadOnlyList<Diagnostic> LoadWithEnvironment(string? path, GatewayOptions options, IEnumerable<KeyValuePair<string, string?>>? variables = null)
    {
        var lookup = variables is null ? null : variables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        return Bind(GatewayConfiguration.Build(path, lookup), options, lookup is null ? null : name => lookup.GetValueOrDefault(name));
    }

    /// <summary>
    /// Binds a gateway configuration (<see cref="GatewayConfiguration.Build"/>) to <paramref name="options"/>: every
    /// problem, the file's own and each value's, with the place it was set (file:line:column or the variable's name);
    /// relative paths are resolved against the folder of the file that names them (the current folder for a variable).
    /// Ends with <see cref="GatewayOptions.Validate"/>'s cross-checks, reported at the file's start.
    /// </summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="options">Filled in (set values replace the defaults).</param>
    /// <param name="environment">Looks up the variable <c>audit.postgres_env</c> names (null: the process's environment).</param>
    public static IReadOnlyList<Diagnostic> Bind(IConfigurationRoot configuration, GatewayOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        environment ??= Environment.GetEnvironmentVariable;
        var bag = new DiagnosticBag();
        var files = configuration.Providers.OfType<GatewayYamlConfigurationProvider>().ToList();
        foreach (var file in files)
        {
            bag.AddRange(file.Diagnostics);
        }

        var r = new ConfigurationValueReader(configuration, bag);
        foreach (var (key, value) in r.Entries(configuration, "the gateway file", RootKeys))
        {
            switch (key)
            {
                case "listen":
                    var urls = r.StringList(value, "listen");
                    if (urls.Count > 0)
                    {
                        options.Urls.Clear();
                        foreach (var (url, _) in urls)
                        {
                            options.Urls.Add(url);
                        }
                    }

                    break;
                case "policy":
                    options.PolicyPath = r.String(value, key) is { } p ? r.Resolve(value, p) : null;
                    break;
                case "policy_b":
                    options.PolicyBPath = r.String(value, key) is { } pb ? r.Resolve(value, pb) : null;
                    break;
                case "split":
                    options.SplitFraction = r.Probability(value, key) ?? options.SplitFraction;
                    break;
                case "upstream":
                    options.Upstream = r.String(value, key);
                    break;
                case "classifier":
                    options.ClassifierPath = r.String(value, key) is { } c ? r.Resolve(value, c) : null;
                    break;
                case "allow_anonymous":
                    options.AllowAnonymous = r.Boolean(value, key) ?? options.AllowAnonymous;
                    break;
                case "anonymous_requests_per_second":
                    options.AnonymousRequestsPerSecond = r.Number(value, key) ?? options.AnonymousRequestsPerSecond;
                    break;
                case "max_request_body_bytes":
                    options.MaxRequestBodyBytes = r.Integer(value, key, 1024, int.MaxValue) ?? options.MaxRequestBodyBytes;
                    break;
                case "cors":
                    foreach (var (origin, _) in r.StringList(value, key))
                    {
                        options.CorsOrigins.Add(origin);
                    }

                    break;
                case "review_db":
                    options.ReviewDatabasePath = r.String(value, key) is { } rv ? r.Resolve(value, rv) : null;
                    break;
                case "reports":
                    options.ReportsDirectory = r.String(value, key) is { } rp ? r.Resolve(value, rp) : null;
                    break;
                case "allowed_hosts":
                    foreach (var (host, _) in r.StringList(value, key))
                    {
                        options.AllowedHosts.Add(host);
                    }

                    break;
                case "anonymous_scopes":
                    options.AnonymousScopes = ReadScopes(r, value, key) ?? options.AnonymousScopes;
                    break;
                case "allowed_models":
                    foreach (var (spec, _) in r.StringList(value, key))
                    {
                        options.AllowedModels.Add(spec);
                    }

                    break;
                case "policy_include_folder":
                    options.PolicyIncludeFolder = r.String(value, key) is { } folder ? r.Resolve(value, folder) : null;
                    break;
                case "policy_limits":
                    ReadLimits(r, value, options);
                    break;
                case "failed_auth_limit":
                    options.FailedAuthenticationLimit = r.Integer(value, key, 1, 1_000_000) ?? options.FailedAuthenticationLimit;
                    break;
                case "dashboard":
                    options.EnableDashboard = r.Boolean(value, key) ?? options.EnableDashboard;
                    break;
                case "request_log":
                    options.RequestLog = r.Boolean(value, key) ?? options.RequestLog;
                    break;
                case "api_keys":
                    ReadKeys(r, value, options);
                    break;
                case "audit":
                    ReadAudit(r, value, options, environment);
                    break;
                case "auto_rollback":
                    Operations.AutoRollbackConfigReader.Read(r, value, options.AutoRollback);
                    break;
            }
        }

        // Cross-checks that need the whole file, reported at the file's start.
        foreach (var problem in options.Validate())
        {
            bag.Error(DiagnosticCodes.InvalidValue, problem, files.Count > 0 ? files[^1].Start : SourceLocation.FileOnly("the gateway options"));
        }

        return bag.Sorted();
    }

    private static void ReadKeys(ConfigurationValueReader r, IConfigurationSection value, GatewayOptions options)
    {
        foreach (var item in r.Sequence(value, "api_keys"))
        {
            if (!r.Mapping(item, "an api_keys entry"))
            {
                continue;
            }

            string? name = null;
            string? hash = null;
            var hashReported = false;
            double rps = 20;
            int? burst = null;
            var scopes = ApiScopes.Inference;
            List<string>? profiles = null;
            List<string>? contexts = null;
            foreach (var (key, v) in r.Entries(item, "an api_keys entry", KeyKeys))
            {
                switch (key)
                {
                    case "name":
                        name = r.String(v, "api_keys.name");
                        break;
                    case "sha256":
                        hash = r.String(v, "api_keys.sha256");
                        if (hash is not null && !Security.ApiKeyHasher.IsHash(hash))
                        {
                            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "sha256 must be the 64-hex-digit SHA-256 of the key, not the key itself", r.At(v), "make one with 'alignlab serve hash-key'");
                            hash = null;
                            hashReported = true;
                        }

                        break;
                    case "requests_per_second":
                        // A value of the wrong type is reported by Number itself; only a number ≤ 0 needs its own error.
                        switch (r.Number(v, "api_keys.requests_per_second"))
                        {
                            case > 0 and var n:
                                rps = n;
                                break;
                            case not null:
                                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "requests_per_second must be a number above 0", r.At(v));
                                break;
                        }

                        break;
                    case "burst":
                        burst = r.Integer(v, "api_keys.burst", 1, 1_000_000);
                        break;
                    case "scopes":
                        scopes = ReadScopes(r, v, "api_keys.scopes") ?? scopes;
                        break;
                    case "profiles":
                        // Present but empty ([] or nothing): the default only. Names are checked against each policy per request.
                        profiles = [.. r.StringList(v, "api_keys.profiles").Select(p => p.Value)];
                        break;
                    case "contexts":
                        contexts = [.. r.StringList(v, "api_keys.contexts").Select(c => c.Value)];
                        break;
                }
            }

            if (name is null || hash is null)
            {
                if (name is null)
                {
                    r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "an api_keys entry needs a name", r.At(item));
                }

                if (hash is null && !hashReported)
                {
                    r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "an api_keys entry needs sha256", r.At(item));
                }

                continue;
            }

            options.ApiKeys.Add(new ApiKeyEntry(name, hash.ToLowerInvariant(), rps, burst ?? Math.Max(1, (int)Math.Ceiling(rps * 2)), scopes)
            {
                Profiles = profiles,
                Contexts = contexts,
            });
        }
    }

    private static void ReadLimits(ConfigurationValueReader r, IConfigurationSection value, GatewayOptions options)
    {
        if (!r.Mapping(value, "policy_limits"))
        {
            return;
        }

        var limits = options.PolicyLimits;
        foreach (var (key, v) in r.Entries(value, "policy_limits", LimitKeys))
        {
            switch (key)
            {
                case "max_depth":
                    limits = r.Integer(v, "policy_limits.max_depth", 4, 1_000) is { } depth ? limits with { MaxDepth = depth } : limits;
                    break;
                case "max_rules":
                    limits = r.Integer(v, "policy_limits.max_rules", 1, 1_000_000) is { } rules ? limits with { MaxRules = rules } : limits;
                    break;
                case "max_pattern_length":
                    limits = r.Integer(v, "policy_limits.max_pattern_length", 1, 1_000_000) is { } length ? limits with { MaxPatternLength = length } : limits;
                    break;
                case "max_total_pattern_length":
                    limits = r.Integer(v, "policy_limits.max_total_pattern_length", 1, 100_000_000) is { } total ? limits with { MaxTotalPatternLength = total } : limits;
                    break;
            }
        }

        options.PolicyLimits = limits;
    }

    /// <summary>A list of scope names (<c>[inference, review]</c>, or one name); null when nothing valid was read.</summary>
    private static ApiScopes? ReadScopes(ConfigurationValueReader r, IConfigurationSection value, string what)
    {
        var items = r.StringList(value, what);
        ApiScopes? scopes = null;
        foreach (var (name, node) in items)
        {
            if (ApiScopeNames.Parse(name) is { } scope)
            {
                scopes = (scopes ?? ApiScopes.None) | scope;
            }
            else
            {
                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"unknown scope '{name}'", r.At(node),
                    Suggestions.Hint(name, [.. ApiScopeNames.Known]));
            }
        }

        return scopes;
    }

    private static void ReadAudit(ConfigurationValueReader r, IConfigurationSection value, GatewayOptions options, Func<string, string?> environment)
    {
        if (!r.Mapping(value, "audit"))
        {
            return;
        }

        foreach (var (key, v) in r.Entries(value, "audit", AuditKeys))
        {
            switch (key)
            {
                case "sqlite":
                    if (r.String(v, "audit.sqlite") is { } p)
                    {
                        options.AuditDatabasePath = r.Resolve(v, p);
                    }

                    break;
                case "postgres_env":
                    if (r.String(v, "audit.postgres_env") is { } name)
                    {
                        var cs = environment(name);
                        if (string.IsNullOrWhiteSpace(cs))
                        {
                            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"the environment variable {name} (PostgreSQL connection string) is not set", r.At(v));
                        }
                        else
                        {
                            options.AuditPostgresConnectionString = cs;
                        }
                    }

                    break;
                case "synchronous":
                    switch (r.String(v, "audit.synchronous"))
                    {
                        case "full":
                            options.AuditFullSync = true;
                            break;
                        case "normal":
                            options.AuditFullSync = false;
                            break;
                        case { } other:
                            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"audit.synchronous must be 'normal' (survives a process crash) or 'full' (survives a power loss), not '{other}'", r.At(v));
                            break;
                    }

                    break;
                case "commit_timeout_ms":
                    if (r.Integer(v, "audit.commit_timeout_ms", 1, 600_000) is { } ms)
                    {
                        options.AuditCommitTimeout = TimeSpan.FromMilliseconds(ms);
                    }

                    break;
            }
        }
    }
}
