using System.Diagnostics;
using System.Diagnostics.Metrics;
using AlignLab.Constitution;

namespace AlignLab.Runtime.Telemetry;

/// <summary>
/// OpenTelemetry-compatible instrumentation: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. Subscribe with <c>AddSource("AlignLab.Runtime")</c> / <c>AddMeter("AlignLab.Runtime")</c>.
/// Tags carry stages, actions, rule ids and categories: never prompt or response text.
/// </summary>
public static class AlignmentTelemetry
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = "AlignLab.Runtime";

    /// <summary>Spans: <c>alignlab.chat</c> per exchange and <c>alignlab.guard</c> per stage check.</summary>
    public static readonly ActivitySource ActivitySource = new(Name, typeof(AlignmentTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(Name, typeof(AlignmentTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Every guard decision, tagged with stage and action.</summary>
    public static readonly Counter<long> Decisions = Meter.CreateCounter<long>("alignlab.decisions", description: "Guard decisions by stage and action.");

    /// <summary>Streaming interventions (steered restarts and aborts).</summary>
    public static readonly Counter<long> Interventions = Meter.CreateCounter<long>("alignlab.interventions", description: "Streaming interventions by kind.");

    /// <summary>Detector failures (errors and timeouts), tagged with detector and failure mode.</summary>
    public static readonly Counter<long> DetectorFailures = Meter.CreateCounter<long>("alignlab.detector.failures", description: "Detector errors and timeouts.");

    /// <summary>Time spent in a guard stage.</summary>
    public static readonly Histogram<double> GuardDuration = Meter.CreateHistogram<double>("alignlab.guard.duration", unit: "ms", description: "Time spent in a guard stage.");

    internal static void RecordDecision(string stage, AlignmentAction action, double milliseconds)
    {
        var tags = new TagList { { "alignlab.stage", stage }, { "alignlab.action", action.ToName() } };
        Decisions.Add(1, tags);
        GuardDuration.Record(milliseconds, new KeyValuePair<string, object?>("alignlab.stage", stage));
    }
}
