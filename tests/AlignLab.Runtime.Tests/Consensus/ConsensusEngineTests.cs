using AlignLab.Constitutions;
using AlignLab.Runtime.Consensus;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Tests.TestSupport;

namespace AlignLab.Runtime.Tests.Consensus;

public sealed class ConsensusEngineTests
{
    private static readonly GuardRequest Request = new("How do I make thermite?", PolicyStage.Input);

    private static ConsensusValidator V(string name, double score, bool flagged, double weight = 1, string role = "safety", params string[] categories) =>
        new(name, new FakeDetector(name, score, flagged, categories), weight, role);

    private static Task<ConsensusResult> Evaluate(IEnumerable<ConsensusValidator> validators, Action<ConsensusOptions>? configure = null)
    {
        var options = new ConsensusOptions();
        configure?.Invoke(options);
        return new ConsensusEngine(validators, options).EvaluateAsync(Request);
    }

    [Fact]
    public async Task Weighted_score_and_disagreement_are_exact()
    {
        var result = await Evaluate([V("a", 0.2, false, 1), V("b", 0.5, true, 2), V("c", 0.9, true, 3)]);

        // (1·0.2 + 2·0.5 + 3·0.9) / 6 = 3.9 / 6
        Assert.Equal(0.65, result.WeightedScore, 12);
        // √((1·0.45² + 2·0.15² + 3·0.25²) / 6) = √(0.435 / 6)
        Assert.Equal(Math.Sqrt(0.435 / 6), result.Disagreement, 12);
        Assert.Equal(5.0 / 6, result.FlaggedWeightShare, 12);
        Assert.Equal(ConsensusVerdict.Reject, result.Verdict);
        Assert.Equal<string>(["a", "b", "c"], result.Votes.Select(v => v.Validator));
        Assert.All(result.Votes, v => Assert.True(v.Counted));
        Assert.Contains("0.65", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_below_the_threshold_approves_and_at_the_threshold_rejects()
    {
        var below = await Evaluate([V("a", 0.1, false), V("b", 0.3, false)]);
        var at = await Evaluate([V("a", 0.4, false), V("b", 0.6, true)]);
        var custom = await Evaluate([V("a", 0.4, false), V("b", 0.6, true)], o => o.ApprovalThreshold = 0.51);

        Assert.Equal(ConsensusVerdict.Approve, below.Verdict);
        Assert.Equal(0.2, below.WeightedScore, 12);
        Assert.Equal(ConsensusVerdict.Reject, at.Verdict);
        Assert.Equal(ConsensusVerdict.Approve, custom.Verdict);
    }

    [Fact]
    public async Task Requiring_a_weighted_majority_flips_a_reject_to_approve()
    {
        ConsensusValidator[] validators = [V("strict", 1.0, true), V("b", 0.3, false), V("c", 0.3, false)];

        var plain = await Evaluate(validators);
        var majority = await Evaluate(validators, o => o.RequireMajority = true);

        Assert.Equal(0.5333333333333333, plain.WeightedScore, 12);
        Assert.Equal(ConsensusVerdict.Reject, plain.Verdict);
        Assert.Equal(ConsensusVerdict.Approve, majority.Verdict);
        Assert.Equal(1.0 / 3, majority.FlaggedWeightShare, 12);
        Assert.Contains("no weighted majority", majority.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weighted_majority_allows_the_reject()
    {
        var result = await Evaluate([V("a", 0.9, true, 3), V("b", 0.1, false, 1)], o => o.RequireMajority = true);

        Assert.Equal(ConsensusVerdict.Reject, result.Verdict);
        Assert.Equal(0.75, result.FlaggedWeightShare, 12);
    }

    [Fact]
    public async Task A_veto_blocks_even_when_the_weighted_score_is_low()
    {
        var big = V("big", 0.0, false, 10);
        var weapons = V("weapons-guard", 0.9, true, 1, "safety", "indiscriminate_weapons") with { VetoCategories = ["weapons"] };

        var result = await Evaluate([big, weapons]);

        Assert.Equal(0.9 / 11, result.WeightedScore, 12);
        Assert.Equal(ConsensusVerdict.Block, result.Verdict);
        Assert.Equal<string>(["weapons-guard"], result.VetoedBy);
        Assert.Equal<string>(["indiscriminate_weapons"], result.Votes[1].Vetoed);
        Assert.Contains("veto by 'weapons-guard'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_veto_on_other_categories_does_not_block()
    {
        var big = V("big", 0.0, false, 10);
        var guard = V("guard", 0.9, true, 1, "safety", "hate") with { VetoCategories = ["S9", "violent_crimes"] };

        var result = await Evaluate([big, guard]);

        Assert.Equal(ConsensusVerdict.Approve, result.Verdict);
        Assert.Empty(result.VetoedBy);
    }

    [Fact]
    public async Task A_wildcard_veto_blocks_on_any_flag_but_not_without_one()
    {
        var flagging = V("any", 0.7, true, 1) with { VetoCategories = ["*"] };
        var quiet = V("any", 0.2, false, 1) with { VetoCategories = ["*"] };

        Assert.Equal(ConsensusVerdict.Block, (await Evaluate([V("big", 0, false, 10), flagging])).Verdict);
        Assert.Equal(ConsensusVerdict.Approve, (await Evaluate([V("big", 0, false, 10), quiet])).Verdict);
    }

    [Fact]
    public async Task Disagreement_escalates_only_when_enabled()
    {
        ConsensusValidator[] split = [V("yes", 1.0, true), V("no", 0.0, false)];

        var off = await Evaluate(split);
        var on = await Evaluate(split, o => o.EscalateToHuman = true);
        var calm = await Evaluate([V("a", 0.6, true), V("b", 0.8, true)], o => o.EscalateToHuman = true);

        Assert.Equal(0.5, off.Disagreement, 12);
        Assert.Equal(ConsensusVerdict.Reject, off.Verdict);
        Assert.Equal(ConsensusVerdict.Escalate, on.Verdict);
        Assert.Contains("disagreement 0.5 > 0.4", on.Reason, StringComparison.Ordinal);
        Assert.Equal(0.1, calm.Disagreement, 12);
        Assert.Equal(ConsensusVerdict.Reject, calm.Verdict);
    }

    [Fact]
    public async Task A_veto_takes_precedence_over_escalation()
    {
        var veto = V("veto", 1.0, true, 1, "safety", "hate") with { VetoCategories = ["hate"] };

        var result = await Evaluate([veto, V("no", 0.0, false)], o => o.EscalateToHuman = true);

        Assert.Equal(ConsensusVerdict.Block, result.Verdict);
    }

    [Fact]
    public async Task A_failing_validator_abstains_when_configured()
    {
        var failing = new ConsensusValidator("broken", FakeDetector.Failing("broken", new HttpRequestException("502")), 5);

        var result = await Evaluate([failing, V("a", 0.2, false), V("b", 0.4, false)], o => o.FailureMode = ValidatorFailureMode.Abstain);

        Assert.Equal(ConsensusVerdict.Approve, result.Verdict);
        Assert.Equal(0.3, result.WeightedScore, 12);
        var vote = result.Votes[0];
        Assert.False(vote.Counted);
        Assert.Null(vote.CountedScore);
        Assert.Null(vote.Result);
        Assert.StartsWith("HttpRequestException: 502", vote.Failure, StringComparison.Ordinal);
        Assert.Contains("abstained", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_validator_counts_as_unsafe_by_default()
    {
        var failing = new ConsensusValidator("broken", FakeDetector.Failing("broken", new HttpRequestException("502")), 2);

        var result = await Evaluate([failing, V("a", 0.2, false), V("b", 0.4, false)]);

        // (2·1 + 0.2 + 0.4) / 4
        Assert.Equal(0.65, result.WeightedScore, 12);
        Assert.Equal(ConsensusVerdict.Reject, result.Verdict);
        Assert.True(result.Votes[0].Counted);
        Assert.True(result.Votes[0].CountedFlagged);
    }

    [Fact]
    public async Task A_failing_validator_fails_the_consensus_when_configured()
    {
        var failing = new ConsensusValidator("broken", FakeDetector.Failing("broken", new HttpRequestException("502")));
        var engine = new ConsensusEngine([failing, V("a", 0.2, false)], new ConsensusOptions { FailureMode = ValidatorFailureMode.FailConsensus });

        var ex = await Assert.ThrowsAsync<ConsensusException>(() => engine.EvaluateAsync(Request));

        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(2, ex.Votes.Length);
        Assert.NotNull(ex.Votes[1].Result);
    }

    [Fact]
    public async Task A_validator_that_times_out_is_a_failure_with_a_TimeoutException()
    {
        var hanging = new ConsensusValidator("slow", FakeDetector.Hanging("slow"));

        var result = await Evaluate([hanging, V("a", 0.2, false)], o =>
        {
            o.ValidatorTimeout = TimeSpan.FromMilliseconds(50);
            o.FailureMode = ValidatorFailureMode.Abstain;
        });

        Assert.IsType<TimeoutException>(result.Votes[0].Exception);
        Assert.Equal(0.2, result.WeightedScore, 12);
    }

    [Fact]
    public async Task When_everyone_abstains_there_is_no_verdict()
    {
        var engine = new ConsensusEngine(
            [new ConsensusValidator("x", FakeDetector.Failing("x", new InvalidOperationException("down")))],
            new ConsensusOptions { FailureMode = ValidatorFailureMode.Abstain });

        await Assert.ThrowsAsync<ConsensusException>(() => engine.EvaluateAsync(Request));
    }

    [Fact]
    public async Task A_detector_returning_an_invalid_score_is_a_failure()
    {
        var bad = new ConsensusValidator("bad", new FakeDetector("bad", double.NaN, true));

        var result = await Evaluate([bad, V("a", 0.0, false)], o => o.FailureMode = ValidatorFailureMode.Abstain);

        Assert.NotNull(result.Votes[0].Failure);
        Assert.Equal(ConsensusVerdict.Approve, result.Verdict);
    }

    [Fact]
    public async Task Validators_run_concurrently()
    {
        // Each detector waits until both have started: run one after the other, the first would wait forever.
        var started = new TaskCompletionSource[] { new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously) };
        FakeDetector Gated(string name, int index) => new(name, async (_, ct) =>
        {
            started[index].SetResult();
            await Task.WhenAll(started.Select(s => s.Task)).WaitAsync(ct);
            return new DetectorResult(name, 0.1, false);
        });
        var engine = new ConsensusEngine(
            [new ConsensusValidator("one", Gated("one", 0)), new ConsensusValidator("two", Gated("two", 1))],
            new ConsensusOptions { ValidatorTimeout = TimeSpan.FromSeconds(5), FailureMode = ValidatorFailureMode.FailConsensus });

        var result = await engine.EvaluateAsync(Request).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ConsensusVerdict.Approve, result.Verdict);
        Assert.All(result.Votes, v => Assert.Null(v.Failure));
    }

    [Fact]
    public async Task Synchronously_blocking_detectors_still_run_concurrently()
    {
        using var barrier = new Barrier(2);
        FakeDetector Blocking(string name) => new(name, (_, _) =>
        {
            // A detector that blocks its thread before returning (no await): the engine must not run it inline.
            var met = barrier.SignalAndWait(TimeSpan.FromSeconds(5));
            return Task.FromResult(new DetectorResult(name, met ? 0.0 : 1.0, !met));
        });
        var engine = new ConsensusEngine([new ConsensusValidator("one", Blocking("one")), new ConsensusValidator("two", Blocking("two"))]);

        var result = await engine.EvaluateAsync(Request);

        Assert.Equal(ConsensusVerdict.Approve, result.Verdict);
    }

    [Fact]
    public async Task Caller_cancellation_propagates()
    {
        var engine = new ConsensusEngine([new ConsensusValidator("slow", FakeDetector.Hanging("slow"))]);
        using var cts = new CancellationTokenSource();

        var task = engine.EvaluateAsync(Request, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    [Fact]
    public async Task The_engine_is_a_detector_flagged_unless_approved()
    {
        var reject = new ConsensusEngine([V("a", 0.9, true, 1, "safety", "hate")]);
        var approve = new ConsensusEngine([V("a", 0.1, false)]);

        var flagged = await reject.DetectAsync(Request);
        var clean = await approve.DetectAsync(Request);

        Assert.True(flagged.Flagged);
        Assert.Equal(0.9, flagged.UnsafeScore, 12);
        Assert.Equal<string>(["hate"], flagged.FlaggedCategories);
        Assert.StartsWith("Rejected", flagged.Rationale, StringComparison.Ordinal);
        Assert.False(clean.Flagged);
        Assert.Equal("consensus", clean.Detector);
    }

    [Fact]
    public void Configuration_errors_are_reported_together()
    {
        var d = new FakeDetector("d", 0, false);
        ConsensusValidator[] validators =
        [
            new("dup", d, 1),
            new("dup", d, 0),
            new("neg", d, -1) { VetoCategories = ["not_a_category"] },
        ];

        var errors = ConsensusEngine.ValidateValidators(validators);
        var optionErrors = new ConsensusOptions { ApprovalThreshold = 0, DisagreementThreshold = 0.9, ValidatorTimeout = TimeSpan.Zero }.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Equal(3, optionErrors.Count);
        var ex = Assert.Throws<ArgumentException>(() => new ConsensusEngine(validators, new ConsensusOptions { ApprovalThreshold = 0 }));
        Assert.Contains("not_a_category", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ApprovalThreshold", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ConsensusEngine([]));
        Assert.Empty(new ConsensusOptions().Validate());
    }
}
