using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Rules;

namespace AlignLab.Tests.Rules;

/// <summary>Inputs found by code review that once gave wrong results; each must stay fixed.</summary>
public sealed class ReviewRegressionTests
{
    [Fact]
    public void Padding_with_many_excepted_matches_cannot_hide_a_real_one()
    {
        var engine = EngineFactory.FromYaml("""
            constitutional_ai:
              specific_rules:
                - {id: r, trigger: kill, unless: "kill the process", action: refuse_politely, message: "No."}
            """);
        var padded = string.Concat(Enumerable.Repeat("kill the process ", HitCollector.MaxHitsPerPattern + 10)) + "kill him";

        Assert.True(engine.Check(padded).IsBlocking);
        Assert.False(engine.Check(string.Concat(Enumerable.Repeat("kill the process ", 100))).IsBlocking);
    }

    [Fact]
    public void Padding_cannot_push_a_match_out_of_its_context_window()
    {
        var engine = EngineFactory.FromYaml("""
            constitutional_ai:
              specific_rules:
                - {id: r, trigger: bomb, context: build, context_window: 20, action: block}
            """);
        var padded = string.Concat(Enumerable.Repeat("bomb ... ", HitCollector.MaxHitsPerPattern + 10)) + new string('x', 50) + " how to build a bomb";

        Assert.True(engine.Check(padded).IsBlocking);
    }

    [Theory]
    [InlineData("trigger: \"bomb|\"")]
    [InlineData("trigger: \"(?:)\"")]
    [InlineData("trigger: \"---\"")]
    [InlineData("trigger: \"a|-\"")]
    [InlineData("trigger: \"(x)?\"\n      match: substring")]
    [InlineData("trigger:\n        - bomb\n        - \"\"")]
    public void Patterns_that_match_everything_or_nothing_are_errors(string trigger)
    {
        var result = ConstitutionLoader.LoadText($"constitutional_ai:\n  specific_rules:\n    - id: r\n      {trigger}\n      action: block\n", "p.yaml");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Code == DiagnosticCodes.InvalidPattern);
    }

    [Fact]
    public void Every_occurrence_is_redacted_even_without_evidence()
    {
        var engine = EngineFactory.FromYaml("""
            constitutional_ai:
              specific_rules:
                - {id: ssn, trigger: "[0-9]{3}-[0-9]{2}-[0-9]{4}", match: substring, action: redact}
            """);
        var text = string.Join(", ", Enumerable.Range(0, 8).Select(i => $"12{i}-45-678{i}"));

        var full = engine.Check(text);
        var lean = engine.Evaluate(text, PolicyStage.Input, new EvaluationOptions { CollectEvidence = false });

        Assert.Equal(string.Join(", ", Enumerable.Repeat("[REDACTED]", 8)), full.RedactedText);
        Assert.Equal(full.RedactedText, lean.RedactedText);
    }

    [Fact]
    public void Overlapping_redactions_become_one_marker() =>
        Assert.Equal("a [REDACTED] b", RuleEngine.Redact("a 0123456789ABCDE b", [new(2, 10), new(7, 10)]));

    [Fact]
    public void Empty_stage_list_is_an_error_not_all_stages()
    {
        var result = ConstitutionLoader.LoadText("constitutional_ai:\n  specific_rules:\n    - {id: r, trigger: x, action: block, stages: []}\n", "s.yaml");
        Assert.Contains(result.Errors, e => e.Code == DiagnosticCodes.UnknownStage);
    }

    [Fact]
    public void Sections_beside_constitutional_ai_are_reported()
    {
        var result = ConstitutionLoader.LoadText("constitutional_ai:\n  name: x\nspecific_rules:\n  - {id: r, trigger: x, action: block}\n", "t.yaml");
        var e = Assert.Single(result.Errors);
        Assert.Equal(3, e.Location.Line);
        Assert.Contains("beside 'constitutional_ai:'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluating_several_stages_at_once_is_refused() =>
        Assert.Throws<ArgumentException>(() => EngineFactory.Example.Evaluate("x", PolicyStage.All));

    [Fact]
    public void Null_values_are_absent_not_the_word_null()
    {
        var result = ConstitutionLoader.LoadText("constitutional_ai:\n  specific_rules:\n    - {id: r, trigger: x, context: ~, action: block}\n", "n.yaml");
        Assert.Contains(result.Errors, e => e.Code == DiagnosticCodes.InvalidPattern && e.Message.Contains("empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_threshold_names_in_profiles_are_reported()
    {
        var result = ConstitutionLoader.LoadText("constitutional_ai:\n  profiles:\n    kid: {thresholds: {violnce: 0.2}}\n", "u.yaml");
        var e = Assert.Single(result.Errors);
        Assert.Contains("unknown threshold 'violnce'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_get_a_plain_message()
    {
        var result = ConstitutionLoader.LoadText("constitutional_ai:\n  name: a\n  name: b\n", "d.yaml");
        var e = Assert.Single(result.Errors);
        Assert.Contains("appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_that_turns_on_a_disclaimer_without_text_uses_the_default()
    {
        var engine = EngineFactory.FromYaml("""
            constitutional_ai:
              specific_rules:
                - {id: r, trigger: dosage, action: log_only}
              profiles:
                careful: {rule_actions: {r: add_disclaimer}}
            """);
        var d = engine.Check("what dosage", profile: "careful");
        Assert.Equal([engine.Constitution.DefaultDisclaimer], d.Disclaimers);
    }

    [Fact]
    public void Regex_written_in_leetspeak_is_warned_about()
    {
        var result = ConstitutionLoader.LoadText("constitutional_ai:\n  specific_rules:\n    - {id: r, trigger: 'k1ll(s|ed)?', action: log_only}\n", "w.yaml");
        Assert.True(result.Success);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("normalised", StringComparison.Ordinal));
    }

    [Fact]
    public void Threshold_keeps_float_scores_within_the_fpr_budget()
    {
        // 100 negatives with distinct float scores; a 1% budget allows exactly one false positive.
        var scored = Enumerable.Range(0, 100).Select(i => ((double)(float)(0.3 + (i * 0.001)), false))
            .Concat(Enumerable.Range(0, 10).Select(_ => (0.9, true))).ToList();

        var t = (float)ThresholdSelector.ForTargetFpr(scored, 0.01);

        Assert.Equal(1, scored.Count(s => !s.Item2 && (float)s.Item1 >= t));
    }
}
