using AlignLab.Constitutions;
using AlignLab.Diagnostics;

namespace AlignLab.Tests.Constitutions;

/// <summary>
/// Issue 15: 'intervention_thresholds: {toxicity, bias, factuality, safety}' was parsed and range-checked, then never read.
/// safety and toxicity now act; bias and factuality have no detector, so they are errors at their line and column that say
/// what to use instead, and any other name is an unknown key.
/// </summary>
public sealed class ThresholdNameTests
{
    [Theory]
    [InlineData("bias", "hate")]
    [InlineData("factuality", "judges")]
    public void A_threshold_without_a_detector_is_an_error_at_its_position_that_says_what_to_use(string name, string advice)
    {
        var result = ConstitutionLoader.LoadText($"constitutional_ai:\n  intervention_thresholds:\n    safety: 0.8\n    {name}: 0.5\n", "t.yaml");

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains($"'{name}' has no detector", error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Hint, StringComparison.Ordinal);
        Assert.Equal(4, error.Location.Line);
        Assert.Equal(5, error.Location.Column);
    }

    [Fact]
    public void A_profile_threshold_without_a_detector_is_rejected_too_and_an_unknown_name_gets_a_hint()
    {
        var result = ConstitutionLoader.LoadText("constitutional_ai:\n  profiles:\n    p: {thresholds: {factuality: 0.5, safty: 0.7}}\n", "t.yaml");

        Assert.Contains(result.Diagnostics, d => d.Message.Contains("'factuality' has no detector", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("unknown threshold 'safty'", StringComparison.Ordinal)
            && d.Hint!.Contains("safety", StringComparison.Ordinal));
    }

    [Fact]
    public void Toxicity_sets_the_toxic_categories_that_do_not_set_their_own_and_adds_the_ones_not_listed()
    {
        var c = ConstitutionLoader.LoadText("""
            constitutional_ai:
              intervention_thresholds: {toxicity: 0.4}
              categories:
                hate: {action: block}
                sexual_content: {threshold: 0.9}
            """, "t.yaml").GetOrThrow();

        Assert.Equal(0.4, c.Categories["hate"].Threshold);
        Assert.Equal(AlignmentAction.Block, c.Categories["hate"].Action);
        Assert.Equal(0.9, c.Categories["sexual_content"].Threshold);
        Assert.Equal(0.4, c.Categories["violent_crimes"].Threshold);
        Assert.Equal(0.4, c.Categories["sex_related_crimes"].Threshold);
        Assert.False(c.Categories.ContainsKey("privacy"));
    }

    [Fact]
    public void The_default_constitution_sets_safety_and_the_classifier_action()
    {
        var c = ConstitutionLoader.LoadDefault();

        Assert.Equal(0.75, c.Thresholds[ThresholdNames.Safety]);
        Assert.Equal(AlignmentAction.RefusePolitely, c.Classifier.Action);
        Assert.Equal(0.6, c.Categories["hate"].Threshold);
    }
}
