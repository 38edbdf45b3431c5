using System.Diagnostics.Metrics;
using System.Reflection;
using AlignLab.Runtime.Telemetry;

namespace AlignLab.Server.Telemetry;

/// <summary>The gateway's meter (<c>AlignLab.Gateway</c>), exported on <c>/metrics</c> next to <c>AlignLab.Runtime</c>.</summary>
public static class GatewayTelemetry
{
    /// <summary>Meter name.</summary>
    public const string Name = "AlignLab.Gateway";

    /// <summary>Bucket boundaries (seconds) OpenTelemetry's semantic conventions advise for <c>http.server.request.duration</c>.</summary>
    internal static readonly double[] RequestDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>The OpenTelemetry <c>service.name</c> the gateway reports (deploy/prometheus and deploy/grafana use it).</summary>
    public const string ServiceName = "alignlab-gateway";

    /// <summary>The OpenTelemetry <c>service.version</c>: the gateway assembly's informational version (with the commit).</summary>
    public static string ServiceVersion { get; } =
        typeof(GatewayTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(GatewayTelemetry).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    private static readonly Meter Meter = new(Name, typeof(GatewayTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Requests decided, by endpoint, arm, action and status.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "alignlab.gateway.requests", description: "Gateway requests by endpoint, arm, action and status.");

    /// <summary>
    /// Request handling time in seconds, by endpoint and arm (Prometheus: <c>alignlab_gateway_request_duration_seconds</c>).
    /// </summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "alignlab.gateway.request.duration",
        unit: AlignmentTelemetry.SecondsUnit,
        description: "Gateway request handling time.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestDurationBuckets });

    /// <summary>Policy reloads by arm and result.</summary>
    public static readonly Counter<long> Reloads = Meter.CreateCounter<long>(
        "alignlab.gateway.policy_reloads", description: "Policy reloads by arm and result.");

    /// <summary>Records one request's handling time, given in milliseconds as the audit record keeps it, in seconds.</summary>
    internal static void RecordRequestDuration(double milliseconds, string endpoint, string arm) =>
        RequestDuration.Record(milliseconds / 1000.0,
            new KeyValuePair<string, object?>("endpoint", endpoint),
            new KeyValuePair<string, object?>("arm", arm));
}
