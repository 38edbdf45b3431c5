using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Rules;

namespace AlignLab.Tests.Constitutions;

/// <summary>
/// Issue 15, item 4: a local guard is meant to run "as the escalation judge for the uncertain band" of the fast classifier,
/// and there was no way to say where that band is or that a judge runs only in it. classifier.uncertain_band: {low: L}
/// sets the band [L, unsafe threshold); a judge's 'when: uncertain' gates it to the band (the pipeline tests in
/// AlignLab.Runtime.Tests count the calls). Bad values are errors at their line and column.
/// </summary>
public sealed class UncertainBandTests
{
    private const string Hurt = "I will hurt my neighbour tonight"; // unsafe 0.90

    private static IReadOnlyList<Diagnostic> Errors(string yaml) =>
        [.. ConstitutionLoader.LoadText(yaml, "t.yaml").Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)];

    [Fact]
    public void The_band_and_a_judges_when_are_read()
    {
        var c = ConstitutionLoader.LoadText("""
            constitutional_ai:
              classifier: {threshold: 0.8, uncertain_band: {low: 0.2}}
              models: {guard: "openai:guard"}
              judges:
                - {id: g, model: guard, when: uncertain}
                - {id: h, model: guard}
            """, "t.yaml").GetOrThrow();

        Assert.Equal(0.2, c.Classifier.UncertainBand!.Low);
        Assert.Equal(JudgeWhen.Uncertain, c.Runtime.Judges[0].When);
        Assert.Equal(JudgeWhen.Always, c.Runtime.Judges[1].When);
    }

    [Theory]
    [InlineData("1.0", "must be below 1")]
    [InlineData("1.5", "outside 0–1")]
    [InlineData("-0.1", "outside 0–1")]
    public void A_band_low_outside_zero_to_one_is_an_error_at_its_position(string low, string message)
    {
        var error = Assert.Single(Errors($"constitutional_ai:\n  classifier:\n    uncertain_band:\n      low: {low}\n"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((4, 12), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData("classifier:\n    threshold: 0.5\n", "classifier.threshold 0.5")]
    [InlineData("intervention_thresholds: {safety: 0.4}\n", "intervention_thresholds.safety 0.4")]
    [InlineData("profiles: {kids: {thresholds: {safety: 0.3}}}\n", "profile 'kids' thresholds.safety 0.3")]
    public void A_band_low_not_below_an_unsafe_threshold_is_an_error_at_the_low(string thresholds, string names)
    {
        var yaml = "constitutional_ai:\n  " + thresholds + (thresholds.StartsWith("classifier", StringComparison.Ordinal)
            ? "    uncertain_band: {low: 0.6}\n"
            : "  classifier:\n    uncertain_band: {low: 0.6}\n");

        var error = Assert.Single(Errors(yaml));

        Assert.Contains("uncertain_band.low 0.6 is not below " + names, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Location.Line);
        Assert.Equal(27, error.Location.Column);
    }

    [Fact]
    public void A_band_without_low_says_what_to_write()
    {
        var error = Assert.Single(Errors("constitutional_ai:\n  classifier: {uncertain_band: {}}\n"));

        Assert.Contains("needs 'low'", error.Message, StringComparison.Ordinal);
        Assert.Contains("the high end is the unsafe threshold", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_when_gets_a_did_you_mean_at_its_position()
    {
        var error = Assert.Single(Errors("""
            constitutional_ai:
              classifier: {uncertain_band: {low: 0.2}}
              models: {guard: "openai:guard"}
              judges:
                - {id: g, model: guard, when: uncertian}
            """));

        Assert.Contains("unknown judge 'when' value 'uncertian'", error.Message, StringComparison.Ordinal);
        Assert.Equal("did you mean 'uncertain'?", error.Hint);
        Assert.Equal((5, 35), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_band_judge_without_a_band_is_an_error_at_its_when()
    {
        var error = Assert.Single(Errors("""
            constitutional_ai:
              models: {guard: "openai:guard"}
              judges:
                - {id: g, model: guard, when: uncertain}
            """));

        Assert.Contains("judge 'g' runs only in the classifier's uncertain band, but classifier.uncertain_band is not set",
            error.Message, StringComparison.Ordinal);
        Assert.Equal((4, 35), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData(0.5, BandPosition.Within)]
    [InlineData(0.93, BandPosition.Below)]
    public void The_verdict_says_where_the_score_lies_against_the_band(double low, BandPosition expected)
    {
        var c = ConstitutionLoader.LoadText(
            $"constitutional_ai:\n  classifier: {{threshold: 0.95, uncertain_band: {{low: {low}}}}}\n", "t.yaml").GetOrThrow();

        var verdict = new RuleEngine(c, classifier: SafetyClassifier.Default).Evaluate(Hurt, PolicyStage.Input).Classifier!;

        Assert.Equal(expected, verdict.Band);
        Assert.Equal((float)low, verdict.BandLow);
        Assert.Contains(expected == BandPosition.Within ? "in the uncertain band" : "under the uncertain band", verdict.Reason,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_over_the_threshold_is_over_the_band()
    {
        var c = ConstitutionLoader.LoadText("constitutional_ai:\n  classifier: {threshold: 0.5, uncertain_band: {low: 0.2}}\n", "t.yaml")
            .GetOrThrow();

        var verdict = new RuleEngine(c, classifier: SafetyClassifier.Default).Evaluate(Hurt, PolicyStage.Input).Classifier!;

        Assert.True(verdict.Acted);
        Assert.Equal(BandPosition.Above, verdict.Band);
    }
}
