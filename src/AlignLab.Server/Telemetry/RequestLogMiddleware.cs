using System.Diagnostics;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Telemetry;

/// <summary>
/// The gateway's one line per request (<see cref="Hosting.GatewayOptions.RequestLog"/>), at Information in the category
/// <see cref="Category"/>, written when the rest of the pipeline has answered: method, path, status, duration, the matched
/// route, the API key's name (never the key), and the decision, arm, audit id, context and profile when the request was
/// decided. Headers (other than the chosen profile's name, checked to be a short ASCII name), query strings and bodies
/// are never logged, so neither prompts nor keys reach the log.
/// </summary>
/// <remarks>
/// It replaced ASP.NET Core's HTTP logging middleware with an interceptor (issue 14 item 18): that one built a list of
/// fields, a state object and its text for each request; this one is a source-generated message that costs nothing
/// when its category is off, and one call when it is on.
/// </remarks>
internal sealed partial class RequestLogMiddleware
{
    /// <summary>The log category of the request lines (what <c>serve</c> shows at Information).</summary>
    public const string Category = "AlignLab.Server.RequestLog";

    private const string None = "-";

    private readonly RequestDelegate _next;
    private readonly ILogger _logger;

    /// <summary>Creates the middleware in front of <paramref name="next"/>.</summary>
    public RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _next = next;
        _logger = loggers.CreateLogger(Category);
    }

    /// <summary>Runs the rest of the pipeline, then writes the request's line (when its category is on).</summary>
    public Task InvokeAsync(HttpContext http) => _logger.IsEnabled(LogLevel.Information) ? LoggedAsync(http) : _next(http);

    private async Task LoggedAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            await _next(http).ConfigureAwait(false);
            failed = false;
        }
        finally
        {
            // An exception that got past the gateway's own handler becomes Kestrel's 500.
            var status = failed && !http.Response.HasStarted ? StatusCodes.Status500InternalServerError : http.Response.StatusCode;
            var decision = http.Features.Get<GatewayDecisionFeature>();
            Request(
                _logger,
                http.Request.Method,
                http.Request.Path.Value ?? "/",
                status,
                Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3),
                (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? None,
                Caller.Of(http).Name,
                decision?.Action ?? None,
                decision?.Arm ?? None,
                decision?.AuditId ?? None,
                decision?.Context ?? None,
                decision?.Profile ?? None);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Path} {StatusCode} {Duration} ms route={Route} key={KeyId} decision={Decision} arm={Arm} audit={AuditId}"
            + " context={Context} profile={Profile}")]
    private static partial void Request(ILogger logger, string method, string path, int statusCode, double duration, string route, string keyId,
        string decision, string arm, string auditId, string context, string profile);
}
