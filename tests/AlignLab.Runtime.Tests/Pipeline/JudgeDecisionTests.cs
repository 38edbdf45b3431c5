using AlignLab.Constitutions;
using AlignLab.Detectors;
using AlignLab.Rules;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Judges;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.Pipeline;

/// <summary>
/// Issue 16 item 2: judges reached the decision through their own stage's max-of-actions, apart from the
/// <see cref="DecisionCombiner"/> that decides for the rules and the classifier tiers, and the trace did not say which
/// detector decided. Each judge is now an <see cref="IDetector"/>; its finding goes to the same combiner as the rules'
/// findings, and a <c>decision</c> trace event names the detector (or rule) that decided.
/// </summary>
public sealed class JudgeDecisionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static async Task<(InputCheck Check, AlignmentTrace Trace)> Input(AlignmentPipeline pipeline, string prompt)
    {
        var trace = pipeline.StartTrace();
        var check = await pipeline.CheckInputAsync([new ChatMessage(ChatRole.User, prompt)], trace);
        return (check, trace);
    }

    private static AlignmentPipeline Pipeline(string extra, params IGuardDetector[] judges)
    {
        var options = new AlignmentOptions { Constitution = TestPolicies.Basic(extra: extra), UseClassifier = false };
        foreach (var judge in judges)
        {
            options.Detectors.Add(new StagedDetector(judge, PolicyStage.Input, 0.5, Timeout));
        }

        return new AlignmentPipeline(options);
    }

    [Fact]
    public async Task A_judge_flag_is_decided_by_the_combiner_and_the_decision_event_names_the_judge()
    {
        using var pipeline = Pipeline(
            "  categories:\n    hate: {threshold: 0.5, action: block, message: \"No hate.\"}\n",
            new FakeDetector("guard", 0.9, true, "hate"));

        var (check, trace) = await Input(pipeline, "some text");

        Assert.Equal(AlignmentAction.Block, check.Action);
        Assert.Equal("No hate.", check.Message);
        var decided = Assert.Single(trace.Events, e => e.Kind == "decision");
        var detection = decided.Decision!.DecidingDetection!;
        Assert.Equal(("guard", "hate", AlignmentAction.Block), (detection.Detector, detection.Category.Id, detection.Action));
        Assert.Null(decided.Decision.DecidingRule);
        Assert.Equal(DecisionOutcome.Blocked, decided.Decision.Outcome);
        Assert.Contains("decided by guard (hate 0.90 ≥ 0.50)", decided.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_that_asks_for_as_much_as_a_judge_keeps_the_decision_as_the_combiner_orders_them()
    {
        // The rule adds a disclaimer; the judge's category asks for a disclaimer too: not strictly more, so the rule decides.
        using var pipeline = Pipeline(
            "  categories:\n    specialized_advice: {threshold: 0.5, action: add_disclaimer}\n",
            new FakeDetector("guard", 0.8, true, "specialized_advice"));

        var (check, trace) = await Input(pipeline, "which medication helps?");

        Assert.Equal(AlignmentAction.AddDisclaimer, check.Action);
        var decided = Assert.Single(trace.Events, e => e.Kind == "decision");
        Assert.Equal("medication", decided.Decision!.DecidingRule!.Rule.Id);
        Assert.Equal("guard", Assert.Single(decided.Decision.Detections).Detector);
        Assert.Contains("decided by rule 'medication'", decided.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_most_protective_of_two_judges_decides_and_a_safe_answer_adds_nothing()
    {
        using var pipeline = Pipeline(
            "  categories:\n    hate: {threshold: 0.5, action: refuse_politely, message: \"No.\"}\n",
            new FakeDetector("quiet", 0.1, false), new FakeDetector("loud", 0.7, true, "hate"));

        var (check, trace) = await Input(pipeline, "some text");

        Assert.Equal(AlignmentAction.RefusePolitely, check.Action);
        Assert.Equal("No.", check.Message);
        var decision = Assert.Single(trace.Events, e => e.Kind == "decision").Decision!;
        Assert.Equal("loud", Assert.Single(decision.Detections).Detector);
        Assert.Equal(2, trace.Events.Count(e => e.Kind == "judge"));
    }

    [Fact]
    public async Task A_failed_judge_in_a_fail_closed_stage_blocks_with_the_fail_closed_message_and_the_decision_lists_the_failure()
    {
        using var pipeline = Pipeline("", FakeDetector.Failing("broken", new InvalidOperationException("down")));

        var (check, trace) = await Input(pipeline, "some text");

        Assert.Equal(AlignmentAction.Block, check.Action);
        Assert.Equal(pipeline.Options.FailClosedMessage, check.Message);
        Assert.Contains(trace.Events, e => e.Kind == "failure" && e.Summary.StartsWith("broken failed", StringComparison.Ordinal));
        var decided = Assert.Single(trace.Events, e => e.Kind == "decision");
        Assert.Contains("broken failed (InvalidOperationException: down)", Assert.Single(decided.Decision!.Failures), StringComparison.Ordinal);
        Assert.Contains("a check failed and the stage fails closed", decided.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_judge_is_not_available_synchronously_so_the_synchronous_rule_engine_refuses_it()
    {
        var constitution = TestPolicies.Basic();
        var judge = new JudgeDetector(
            new StagedDetector(new FakeDetector("guard", 1, true), PolicyStage.Input, 0.5, Timeout), constitution, TimeProvider.System);
        var engine = new RuleEngine(constitution);

        var finding = judge.Detect(engine.CreateContext("text", PolicyStage.Input));
        var error = Assert.Throws<ArgumentException>(() => new RuleEngine(constitution, new RuleEngineOptions { Detectors = [judge] }));

        Assert.False(((IDetector)judge).DetectsSynchronously);
        Assert.Equal("guard is a judge and is not available synchronously", Assert.Single(finding.Failures));
        Assert.Contains("detector 'guard' answers only asynchronously", error.Message, StringComparison.Ordinal);
    }
}
