using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Telemetry;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AlignLab.Runtime.Tests.Telemetry;

[CollectionDefinition(nameof(AlignmentTelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(AlignmentTelemetryTests))]
public sealed class AlignmentTelemetryTests
{
    [Fact]
    public async Task Every_decision_emits_activities_and_metrics_without_prompt_text()
    {
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AlignmentTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var decisions = new ConcurrentBag<(long Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AlignmentTelemetry.Name && instrument.Name == "alignlab.decisions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) => decisions.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meters.Start();

        var client = new AlignedChatClient(RecordingChatClient.Answering("fine"), new AlignmentPipeline(new AlignmentOptions { Constitution = TestPolicies.Basic(), UseClassifier = false }));
        await client.GetResponseAsync("secret prompt about the forbidden thing");
        await client.GetResponseAsync("a benign secret prompt");

        var chat = activities.Where(a => a.OperationName == "alignlab.chat").ToList();
        Assert.True(chat.Count >= 2, $"{chat.Count} chat activities");
        Assert.Contains(chat, a => (string?)a.GetTagItem("alignlab.action") == "block");
        Assert.Contains(activities, a => a.OperationName == "alignlab.guard" && (string?)a.GetTagItem("alignlab.stage") == "output");
        Assert.Contains(decisions, d => (string?)d.Tags["alignlab.stage"] == "input" && (string?)d.Tags["alignlab.action"] == "block");
        Assert.Contains(decisions, d => (string?)d.Tags["alignlab.stage"] == "output" && (string?)d.Tags["alignlab.action"] == "allow");
        Assert.DoesNotContain(activities.SelectMany(a => a.TagObjects), t => t.Value is string s && s.Contains("secret prompt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Guard_durations_are_recorded_in_seconds_as_OpenTelemetry_expects()
    {
        // Before: alignlab.guard.duration had unit "ms" and a 60 ms judge recorded about 60.
        string? unit = null;
        var inputSeconds = new ConcurrentBag<double>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AlignmentTelemetry.Name && instrument.Name == "alignlab.guard.duration")
            {
                unit = instrument.Unit;
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "alignlab.stage" && (string?)tag.Value == "input")
                {
                    inputSeconds.Add(value);
                }
            }
        });
        meters.Start();

        var slowJudge = new FakeDetector("slow-judge", async (_, ct) =>
        {
            await Task.Delay(60, ct);
            return new DetectorResult("slow-judge", 0, false);
        });
        var options = new AlignmentOptions { Constitution = TestPolicies.Basic(), UseClassifier = false };
        options.Detectors.Add(new StagedDetector(slowJudge, PolicyStage.Input, 0.5, TimeSpan.FromSeconds(30)));
        using var pipeline = new AlignmentPipeline(options);
        await new AlignedChatClient(RecordingChatClient.Answering("fine"), pipeline).GetResponseAsync("hello");

        Assert.Equal("s", unit);
        Assert.Contains(inputSeconds, v => v is >= 0.05 and < 10);
    }

    [Fact]
    public async Task Prompt_text_is_logged_only_at_trace_level()
    {
        var logger = new CollectingLogger();
        var pipeline = new AlignmentPipeline(new AlignmentOptions { Constitution = TestPolicies.Basic(), UseClassifier = false }, logger);
        var client = new AlignedChatClient(RecordingChatClient.Answering("fine"), pipeline);
        await client.GetResponseAsync("my very private forbidden prompt");

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("block", StringComparison.Ordinal));
        Assert.All(logger.Entries.Where(e => e.Message.Contains("very private", StringComparison.Ordinal)), e => Assert.Equal(LogLevel.Trace, e.Level));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Trace);
    }

    private sealed class CollectingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
