using System.Diagnostics;
using System.Diagnostics.Metrics;
using AlignLab.Constitutions;

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
    public static readonly Counter<long> Decisions = Meter.CreateCounter<long>(
        "alignlab.decisions", description: "Guard decisions by stage and action.");

    /// <summary>Streaming interventions (steered restarts and aborts).</summary>
    public static readonly Counter<long> Interventions = Meter.CreateCounter<long>(
        "alignlab.interventions", description: "Streaming interventions by kind.");

    /// <summary>Detector failures (errors and timeouts), tagged with detector and failure mode.</summary>
    public static readonly Counter<long> DetectorFailures = Meter.CreateCounter<long>(
        "alignlab.detector.failures", description: "Detector errors and timeouts.");

    /// <summary>
    /// Unit of every duration histogram: seconds, as OpenTelemetry's semantic conventions ask
    /// (<c>http.server.request.duration</c>, <c>gen_ai.client.operation.duration</c>).
    /// </summary>
    internal const string SecondsUnit = "s";

    /// <summary>
    /// Bucket boundaries (seconds) advised for guard stages: a rules check takes tens of microseconds, a judge
    /// call seconds, so the buckets run from 50 µs to 10 s.
    /// </summary>
    internal static readonly double[] GuardDurationBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Time spent in a guard stage, in seconds, tagged with the stage.</summary>
    public static readonly Histogram<double> GuardDuration = Meter.CreateHistogram(
        "alignlab.guard.duration",
        unit: SecondsUnit,
        description: "Time spent in a guard stage.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = GuardDurationBuckets });

    internal static void RecordDecision(string stage, AlignmentAction action, TimeSpan elapsed)
    {
        var tags = new TagList { { "alignlab.stage", stage }, { "alignlab.action", action.ToName() } };
        Decisions.Add(1, tags);
        GuardDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("alignlab.stage", stage));
    }
}
