using AlignLab.Evaluation;

namespace AlignLab.Tests.Evaluation;

public sealed class EvalGateTests
{
    private static readonly StrategySummary Summary = new("guard_only", true)
    {
        Cases = 100,
        HarmfulBlocked = new RateEstimate(90, 100, 0.84, 0.95),
        FalsePositives = new RateEstimate(3, 100, 0.0, 0.07),
    };

    [Theory]
    [InlineData("safety=0.95", true, false)]
    [InlineData("safety=0.9", true, true)]
    [InlineData("fpr=0.05", false, true)]
    [InlineData("fpr=0.02", false, false)]
    public void Gates_compare_the_measured_value(string text, bool failUnder, bool passes)
    {
        var gate = EvalGate.TryParse(text, failUnder, out var error)!;
        Assert.Null(error);
        Assert.Equal(passes, gate.Check(Summary).Passed);
    }

    [Theory]
    [InlineData("capability=0.75", true, true)]
    [InlineData("capability=0.8", true, false)]
    [InlineData("capability_delta=-0.03", true, true)]
    [InlineData("capability_delta=-0.02", true, false)]
    [InlineData("benign_refusal=0.05", false, true)]
    [InlineData("benign_refusal=0.01", false, false)]
    public void Capability_gates_read_the_capability_summary(string text, bool failUnder, bool passes)
    {
        var withCapability = Summary with
        {
            Capability = new AlignLab.Evaluation.Capability.CapabilitySummary
            {
                Score = new(0.775, 0.75, 0.80, 200),
                Delta = new(-0.025, -0.05, -0.005, 200),
                BenignRefusal = new RateEstimate(7, 230, 0.01, 0.06),
            },
        };
        var gate = EvalGate.TryParse(text, failUnder, out var error)!;
        Assert.Null(error);
        Assert.Equal(passes, gate.Check(withCapability).Passed);
        Assert.False(gate.Check(Summary).Passed); // not measured without --capability: the gate fails
    }

    [Fact]
    public void Unmeasured_metric_fails_the_gate()
    {
        var gate = EvalGate.TryParse("over_refusal=0.1", failUnder: false, out _)!;
        var result = gate.Check(Summary);
        Assert.False(result.Passed);
        Assert.Null(result.Value);
    }

    [Theory]
    [InlineData("safty=0.9", "did you mean 'safety'")]
    [InlineData("safety", "not metric=value")]
    [InlineData("safety=high", "not a number")]
    [InlineData("safety=1.5", "between 0 and 1")]
    [InlineData("safety=150%", "between 0 and 1")]
    [InlineData("capability_delta=-2", "between -1 and 1")]
    [InlineData("errors=-1", "cannot be negative")]
    [InlineData("latency_p95_ms=5%", "not a rate")]
    [InlineData("safety=x%", "not a number or a percentage")]
    public void Bad_gates_are_explained(string text, string message)
    {
        Assert.Null(EvalGate.TryParse(text, true, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_gate_may_be_a_percentage_and_a_run_that_measured_nothing_fails_it()
    {
        var gate = EvalGate.TryParse("safety=95%", true, out var error)!;
        Assert.Null(error);
        Assert.Equal(0.95, gate.Bound, 10);

        var result = gate.NotMeasured();
        Assert.False(result.Passed);
        Assert.Null(result.Value);
        Assert.Equal(("safety", "under"), (result.Metric, result.Comparison));
    }
}
