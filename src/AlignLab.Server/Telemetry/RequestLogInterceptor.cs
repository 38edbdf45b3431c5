using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.Routing;

namespace AlignLab.Server.Telemetry;

/// <summary>
/// Adds the gateway's fields to ASP.NET Core's one-line request log (<c>HttpLoggingMiddleware</c> with
/// <c>CombineLogs</c>): the matched route, the API key's name (never the key), and the decision, arm and audit id when
/// the request was decided. Method, path, status and duration come from the middleware itself; headers, query strings
/// and bodies are never logged, so neither prompts nor keys reach the log.
/// </summary>
internal sealed class RequestLogInterceptor : IHttpLoggingInterceptor
{
    public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext) => ValueTask.CompletedTask;

    public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext)
    {
        ArgumentNullException.ThrowIfNull(logContext);
        var http = logContext.HttpContext;
        logContext.AddParameter("Route", (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "-");
        logContext.AddParameter("KeyId", Caller.Of(http).Name);
        var decision = http.Features.Get<GatewayDecisionFeature>();
        logContext.AddParameter("Decision", decision?.Action ?? "-");
        logContext.AddParameter("Arm", decision?.Arm ?? "-");
        logContext.AddParameter("AuditId", decision?.AuditId ?? "-");
        return ValueTask.CompletedTask;
    }
}
