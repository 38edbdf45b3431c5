using AlignLab.Classification;
using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Runtime.Review;
using AlignLab.Runtime.Telemetry;
using AlignLab.Server.Api;
using AlignLab.Server.Audit;
using AlignLab.Server.Dashboard;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Policies;
using AlignLab.Server.Preferences;
using AlignLab.Server.Review;
using AlignLab.Server.Security;
using AlignLab.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AlignLab.Server.Hosting;

/// <summary>Builds the gateway: Kestrel, limits, authentication, rate limits, endpoints, metrics and the dashboard.</summary>
public static class GatewayApplication
{
    /// <summary>The host setting that makes appsettings.json reload on change (off for the gateway).</summary>
    internal const string ReloadConfigOnChangeKey = "hostBuilder:reloadConfigOnChange";

    /// <summary>Builds (but does not start) the gateway. Throws <see cref="ArgumentException"/> for invalid options and
    /// <see cref="AlignLab.Constitutions.ConstitutionException"/> for an invalid policy, each listing every problem.</summary>
    /// <param name="options">The options (validated here).</param>
    /// <param name="configure">Last-minute changes to the builder (logging, test services).</param>
    /// <param name="cancellationToken">Cancellation while connecting to the audit store.</param>
    public static async Task<WebApplication> BuildAsync(GatewayOptions options, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateOrThrow();

        // No reload of appsettings.json (the gateway's settings come from its own file): the reload watched the current
        // directory and everything under it (3,847 inotify watches from /tmp), waking a thread for each audit commit
        // when the database lies below it.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = ["--" + ReloadConfigOnChangeKey + "=false"],
        });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        // service.name and service.version on every exported series' resource (Prometheus: target_info); without them
        // the exporter said service_name="unknown_service:AlignLab.Cli".
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(GatewayTelemetry.ServiceName, serviceVersion: GatewayTelemetry.ServiceVersion))
            .WithMetrics(m => m
            .AddMeter(GatewayTelemetry.Name, AlignmentTelemetry.Name)
            .AddPrometheusExporter());
        if (options.RequestLog)
        {
            // One line per request, written when the response completes; the interceptor adds route, key name and decision.
            builder.Services.AddHttpLogging(o =>
            {
                o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode
                    | HttpLoggingFields.Duration;
                o.CombineLogs = true;
            });
            builder.Services.AddHttpLoggingInterceptor<RequestLogInterceptor>();
        }

        builder.Services.AddRateLimiter(o => GatewayRateLimits.Configure(o, options));
        if (options.CorsOrigins.Count > 0)
        {
            builder.Services.AddCors(c => c.AddDefaultPolicy(p =>
            {
                if (options.CorsOrigins.Contains("*"))
                {
                    p.AllowAnyOrigin();
                }
                else
                {
                    p.WithOrigins([.. options.CorsOrigins]);
                }

                p.AllowAnyHeader().WithMethods("GET", "POST");
            }));
        }

        configure?.Invoke(builder);

        IAuditLog audit = options.AuditPostgresConnectionString is { } pg
            ? await PostgresAuditLog.OpenAsync(pg, cancellationToken).ConfigureAwait(false)
            : new SqliteAuditLog(options.AuditDatabasePath, options.AuditFullSync, options.AuditCommitTimeout);
        IReviewQueue? reviewQueue = null;
        IPreferenceStore? preferences = null;
        PolicyStore? policies = null;
        try
        {
            var classifier = options.ClassifierPath is null ? SafetyClassifier.Default : SafetyClassifier.Load(options.ClassifierPath);
            reviewQueue = await OpenReviewQueueAsync(options, cancellationToken).ConfigureAwait(false);
            preferences = await OpenPreferencesAsync(options, reviewQueue, cancellationToken).ConfigureAwait(false);
            var queue = reviewQueue;
            var prefs = preferences;
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(new FailedAuthenticationThrottle(options.FailedAuthenticationLimit, options.FailedAuthenticationWindow, options.TimeProvider));
            AddProviderHttpClient(builder.Services);
            GatewayHealthChecks.Add(builder.Services);
            // Factory-registered so the container disposes them on shutdown (flushing the audit writer, closing pools,
            // retiring the served policies and their clients).
            builder.Services.AddSingleton(_ => queue);
            builder.Services.AddSingleton(_ => prefs);
            builder.Services.AddSingleton(_ => audit);
            builder.Services.AddSingleton(services => PolicyStore.Create(
                new PolicyBuilder(ProviderClients(services), options.Upstream, classifier, queue, options.TimeProvider),
                options.PolicyPath, options.PolicyBPath, options.SplitFraction, options.UploadSettings()));
            builder.Services.AddSingleton(services =>
                new GatewayState(options, services.GetRequiredService<PolicyStore>(), services.GetRequiredService<IAuditLog>(), classifier));

            var app = builder.Build();
            // Resolved now so that the container owns (and disposes) them even if no request ever asks for one, and so
            // that an invalid policy fails the build rather than the first request.
            _ = app.Services.GetRequiredService<IAuditLog>();
            _ = app.Services.GetRequiredService<IReviewQueue>();
            _ = app.Services.GetRequiredService<IPreferenceStore>();
            policies = app.Services.GetRequiredService<PolicyStore>();
            var state = app.Services.GetRequiredService<GatewayState>();
            Configure(app, options, state);
            return app;
        }
        catch
        {
            policies?.Dispose();
            await DisposeAsync(preferences).ConfigureAwait(false);
            await DisposeAsync(reviewQueue).ConfigureAwait(false);
            await audit.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The named <see cref="IHttpClientFactory"/> client whose pooled handler carries every provider request (upstream,
    /// judges, critics). Its connections are recycled every two minutes (so DNS changes are seen); the per-model timeout and
    /// retry handler sits in front of it. Configure it with <c>services.AddHttpClient(ProviderHttpClientName)</c> (a proxy,
    /// extra handlers).
    /// </summary>
    public const string ProviderHttpClientName = "AlignLab.Providers";

    private static void AddProviderHttpClient(IServiceCollection services) =>
        services.AddHttpClient(ProviderHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers(); // the provider handler logs retries and failures itself, without URLs

    /// <summary>
    /// Provider chat clients over the factory's pooled handler: each client owns only its timeout and retry handler, and
    /// disposing it returns the pooled handler to the factory rather than closing its connections.
    /// </summary>
    private static Func<ModelSpec, IChatClient> ProviderClients(IServiceProvider services)
    {
        var handlers = services.GetRequiredService<IHttpMessageHandlerFactory>();
        var providers = new ProviderOptions
        {
            HttpMessageHandlerFactory = () => handlers.CreateHandler(ProviderHttpClientName),
            LoggerFactory = services.GetRequiredService<ILoggerFactory>(),
        };
        return spec => ChatClientFactory.Create(spec, providers);
    }

    /// <summary>The review queue: in <see cref="GatewayOptions.ReviewPostgresConnectionString"/> when set, else a SQLite file.</summary>
    private static async Task<IReviewQueue> OpenReviewQueueAsync(GatewayOptions options, CancellationToken cancellationToken)
    {
        if (options.ReviewPostgresConnectionString is { } pg)
        {
            return await PostgresReviewQueue.OpenAsync(pg, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        var path = options.ReviewDatabasePath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.AuditDatabasePath)) ?? ".", "alignlab-review.db");
        return new SqliteReviewQueue(path, options.TimeProvider);
    }

    /// <summary>The preference pairs: in the review queue's PostgreSQL database when it has one, else a SQLite file beside the queue.</summary>
    private static async Task<IPreferenceStore> OpenPreferencesAsync(GatewayOptions options, IReviewQueue queue, CancellationToken cancellationToken) =>
        options.ReviewPostgresConnectionString is { } pg
            ? await PostgresPreferenceStore.OpenAsync(pg, options.TimeProvider, cancellationToken).ConfigureAwait(false)
            : new SqlitePreferenceStore(DashboardEndpoints.PreferenceDatabasePath(options, queue), options.TimeProvider);

    private static async ValueTask DisposeAsync(object? store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private static void Configure(WebApplication app, GatewayOptions options, GatewayState state)
    {
        if (options.RequestLog)
        {
            // First, so rejected requests (401, 413, 429) are logged too.
            app.UseHttpLogging();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > options.MaxRequestBodyBytes)
            {
                await OpenAiErrors.WriteAsync(http, StatusCodes.Status413PayloadTooLarge,
                    $"the request body ({http.Request.ContentLength:N0} bytes) is larger than this gateway accepts ({options.MaxRequestBodyBytes:N0} bytes)", "invalid_request_error", "request_too_large").ConfigureAwait(false);
                return;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await next(http).ConfigureAwait(false);
            }
            catch (RequestBodyException ex)
            {
                await RejectedRequestAudit.RecordAsync(http, state, StatusCodes.Status400BadRequest, ex.Message, ex.Param, started).ConfigureAwait(false);
                await OpenAiErrors.BadRequestAsync(http, ex.Message, ex.Param).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex)
            {
                var message = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"the request body is larger than this gateway accepts ({options.MaxRequestBodyBytes:N0} bytes)"
                    : ex.Message;
                await RejectedRequestAudit.RecordAsync(http, state, ex.StatusCode, message, null, started).ConfigureAwait(false);
                await OpenAiErrors.WriteAsync(http, ex.StatusCode, message, "invalid_request_error", ex.StatusCode == 413 ? "request_too_large" : "bad_request").ConfigureAwait(false);
            }
            catch (AuditLogException ex) when (!http.Response.HasStarted)
            {
                await OpenAiErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, $"the audit log could not commit the record of this request: {ex.Message}",
                    "server_error", "audit_unavailable").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
#pragma warning disable CA1031 // the last line of defence: answer 500 in the OpenAI shape, log the exception (never the prompt)
            catch (Exception ex)
#pragma warning restore CA1031
            {
                GatewayLog.Unhandled(app.Logger, ex, http.Request.Method, http.Request.Path, http.TraceIdentifier);
                await OpenAiErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, $"internal error (trace {http.TraceIdentifier})", "server_error", "internal_error").ConfigureAwait(false);
            }
        });
        app.UseMiddleware<AllowedHostsMiddleware>(options);
        app.UseMiddleware<CrossSiteRequestMiddleware>(options);
        app.UseMiddleware<ApiKeyAuthenticationMiddleware>(options);
        app.UseRateLimiter();
        if (options.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.MapPost("/v1/chat/completions", (HttpContext http) => ChatCompletionsEndpoint.HandleAsync(http, state)).RequireScope(ApiScopes.Inference);
        app.MapPost("/v1/moderations", (HttpContext http) => ModerationsEndpoint.HandleAsync(http, state)).RequireScope(ApiScopes.Inference);
        app.MapGet("/v1/models", (HttpContext http) => PolicyEndpoints.WriteJsonAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach (var id in new[] { UpstreamModelId(options.Upstream), "alignlab-moderation" })
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("object", "model");
                w.WriteString("owned_by", "alignlab");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        })).RequireScope(ApiScopes.Inference);
        app.MapPost("/api/check", (HttpContext http) => CheckEndpoints.CheckAsync(http, state)).RequireScope(ApiScopes.Inference);
        app.MapPost("/api/classify", (HttpContext http) => CheckEndpoints.ClassifyAsync(http, state)).RequireScope(ApiScopes.Inference);
        app.MapGet("/api/policies", (HttpContext http) => PolicyEndpoints.ListAsync(http, state)).RequireScope(ApiScopes.Inference);
        app.MapPost("/api/policies/validate", (HttpContext http) => PolicyEndpoints.ValidateAsync(http, state)).RequireScope(ApiScopes.Admin);
        app.MapGet("/api/policies/{arm}", (HttpContext http, string arm) => PolicyEndpoints.GetAsync(http, state, arm)).RequireScope(ApiScopes.Admin);
        app.MapPost("/api/policies/{arm}/reload", (HttpContext http, string arm) => PolicyEndpoints.ReloadAsync(http, state, arm)).RequireScope(ApiScopes.Admin);
        app.MapGet("/api/audit", (HttpContext http) => StatusEndpoints.RecentAuditAsync(http, state)).RequireScope(ApiScopes.Admin);
        GatewayHealthChecks.Map(app);
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (options.EnableDashboard)
        {
            app.MapDashboard(state);
        }
    }

    /// <summary>The id <c>/v1/models</c> shows for the upstream: its model name, never its URL or options.</summary>
    private static string UpstreamModelId(string? upstream) =>
        upstream is null ? "alignlab" : Models.ModelSpec.TryParse(upstream, out _) is { } spec ? spec.Model : upstream;
}
