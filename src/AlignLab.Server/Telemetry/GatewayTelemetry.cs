using System.Diagnostics.Metrics;

namespace AlignLab.Server.Telemetry;

/// <summary>The gateway's meter (<c>AlignLab.Gateway</c>), exported on <c>/metrics</c> next to <c>AlignLab.Runtime</c>.</summary>
public static class GatewayTelemetry
{
    /// <summary>Meter name.</summary>
    public const string Name = "AlignLab.Gateway";

    private static readonly Meter Meter = new(Name, typeof(GatewayTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Requests decided, by endpoint, arm, action and status.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("alignlab.gateway.requests", description: "Gateway requests by endpoint, arm, action and status.");

    /// <summary>Request handling time, by endpoint and arm.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("alignlab.gateway.duration", unit: "ms", description: "Gateway request handling time.");

    /// <summary>Policy reloads by arm and result.</summary>
    public static readonly Counter<long> Reloads = Meter.CreateCounter<long>("alignlab.gateway.policy_reloads", description: "Policy reloads by arm and result.");
}
