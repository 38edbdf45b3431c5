using AlignLab.Constitutions;
using AlignLab.Diagnostics;

namespace AlignLab.Tests.Constitutions;

public sealed class ConstitutionLoaderTests
{
    [Fact]
    public void Loads_the_users_existing_format_unchanged()
    {
        var result = ConstitutionLoader.LoadFile(Path.Combine(RepoPaths.Examples, "alignment_rules.yaml"));

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var c = result.Constitution!;
        Assert.Equal(["no_illegal", "no_harmful_instructions", "medical_disclaimer"], c.Rules.Select(r => r.Id));
        Assert.Equal(AlignmentAction.RefusePolitely, c.Rules[0].Action);
        Assert.Equal("I can't provide assistance with potentially illegal activities.", c.Rules[0].Message);
        Assert.Equal("instructions|how to|guide", c.Rules[1].Context!.Pattern);
        Assert.Equal(AlignmentAction.RedirectPositive, c.Rules[1].Action);
        Assert.Equal("This is general information only. Please consult healthcare professionals.", c.Rules[2].Disclaimer);
        Assert.Equal(0.7, c.Thresholds["toxicity"]);
        Assert.Equal(0.9, c.Thresholds["safety"]);
        Assert.Single(c.Principles);
        Assert.Equal(1.0, c.Principles[0].Weight);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Embedded_default_constitution_loads_and_uses_the_extended_format()
    {
        var c = ConstitutionLoader.LoadDefault();

        Assert.Equal("alignlab-default", c.Name);
        Assert.True(c.Rules.Length >= 20);
        Assert.Equal(HarmCategory.All.Count, c.Categories.Count);
        Assert.Contains("educational", c.Contexts.Keys);
        Assert.Equal("expert", c.Profiles["researcher"].Extends);
        Assert.Equal(16, c.Stages.CheckInterval);
        Assert.Equal(4, c.Stages.FirstCheck);
    }

    [Fact]
    public void First_check_is_a_streaming_setting_of_one_to_4096_tokens()
    {
        var ok = ConstitutionLoader.LoadText("constitutional_ai:\n  stages:\n    streaming: {first_check: 2, check_interval: 8}\n", "ok.yaml");
        Assert.True(ok.Success, string.Join("\n", ok.Diagnostics));
        Assert.Equal(2, ok.Constitution!.Stages.FirstCheck);

        var wrong = ConstitutionLoader.LoadText("constitutional_ai:\n  stages:\n    input: {first_check: 2}\n    streaming: {first_check: 0}\n", "wrong.yaml");
        Assert.Contains(wrong.Errors, e => e.Message.Contains("'first_check' only applies to the streaming stage", StringComparison.Ordinal));
        Assert.Equal(2, wrong.Errors.Count());
    }

    [Fact]
    public void Reports_all_five_planted_errors_with_line_and_column()
    {
        const string yaml = """
            constitutional_ai:
              core_principles:
                - {id: helpful, description: "Be helpful", weight: 1.0}
              specific_rules:
                - id: no_illegal
                  triger: "illegal|crime"
                  action: refuse_politely
                  message: "No."
                - id: no_weapons
                  trigger: "bomb|weapon"
                  action: refuse_nicely
                  message: "No weapons."
                - id: bad_regex
                  trigger: "hack(ing"
                  action: block
                - id: no_illegal
                  trigger: "steal"
                  action: block
                - id: needs_message
                  trigger: "fraud"
                  action: refuse_politely
              intervention_thresholds: {toxicity: 1.7, bias: 0.8}
            """;

        var result = ConstitutionLoader.LoadText(yaml, "planted.yaml");

        Assert.False(result.Success);
        var errors = result.Errors.ToList();
        Assert.Contains(errors, d => d.Code == DiagnosticCodes.UnknownKey && At(d, 6, 7) && d.Hint == "did you mean 'trigger'?");
        Assert.Contains(errors, d => d.Code == DiagnosticCodes.UnknownAction && At(d, 11, 15) && d.Hint!.Contains("refuse_politely", StringComparison.Ordinal));
        Assert.Contains(errors, d => d.Code == DiagnosticCodes.InvalidPattern && At(d, 14, 16));
        Assert.Contains(errors, d => d.Code == DiagnosticCodes.DuplicateId && At(d, 16, 11) && d.Message.Contains("planted.yaml:5:11", StringComparison.Ordinal));
        Assert.Contains(errors, d => d.Code == DiagnosticCodes.MissingMessage && At(d, 21, 15));
        Assert.Contains(errors, d => d.Code == DiagnosticCodes.ThresholdOutOfRange && At(d, 22, 39));
        Assert.All(errors, d => Assert.Equal("planted.yaml", d.Location.File));
    }

    [Fact]
    public void Missing_trigger_is_reported_with_the_rule_position()
    {
        var result = ConstitutionLoader.LoadText("""
            constitutional_ai:
              specific_rules:
                - id: no_trigger
                  action: log_only
            """, "t.yaml");

        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.MissingRequired, d.Code);
        Assert.True(At(d, 3, 7), d.ToString());
    }

    [Fact]
    public void Yaml_syntax_error_names_the_position()
    {
        var result = ConstitutionLoader.LoadText("constitutional_ai:\n  specific_rules:\n    - id: x\n   trigger: [unclosed\n", "broken.yaml");

        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.YamlSyntax, d.Code);
        Assert.True(d.Location.Line >= 3, d.ToString());
    }

    [Fact]
    public void Empty_file_is_an_error_not_a_crash()
    {
        var result = ConstitutionLoader.LoadText("", "empty.yaml");
        Assert.False(result.Success);
        Assert.Equal(DiagnosticCodes.MissingRequired, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Flat_form_without_the_constitutional_ai_key_is_accepted()
    {
        var result = ConstitutionLoader.LoadText("""
            specific_rules:
              - {id: r, trigger: "x", action: log_only}
            """);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.Single(result.Constitution!.Rules);
    }

    [Fact]
    public void Includes_merge_in_order_and_the_including_file_overrides_settings()
    {
        using var dir = new TempDir();
        dir.Write("base.yaml", """
            constitutional_ai:
              specific_rules:
                - {id: base_rule, trigger: "alpha", action: log_only}
              intervention_thresholds: {toxicity: 0.5, safety: 0.5}
            """);
        var main = dir.Write("main.yaml", """
            constitutional_ai:
              include: [base.yaml]
              specific_rules:
                - {id: main_rule, trigger: "beta", action: block}
              intervention_thresholds: {toxicity: 0.9}
            """);

        var c = ConstitutionLoader.LoadFile(main).GetOrThrow();

        Assert.Equal(["base_rule", "main_rule"], c.Rules.Select(r => r.Id));
        Assert.Equal(0.9, c.Thresholds["toxicity"]);
        Assert.Equal(0.5, c.Thresholds["safety"]);
        Assert.Equal(2, c.SourceFiles.Length);
    }

    [Fact]
    public void Include_cycles_are_reported_at_the_include_that_closes_them()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.yaml", "constitutional_ai:\n  include: [b.yaml]\n");
        dir.Write("b.yaml", "constitutional_ai:\n  include:\n    - a.yaml\n");

        var result = ConstitutionLoader.LoadFile(a);

        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.IncludeCycle, d.Code);
        Assert.EndsWith("b.yaml", d.Location.File, StringComparison.Ordinal);
        Assert.Equal(3, d.Location.Line);
        Assert.Contains("a.yaml -> ", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_ids_across_included_files_are_reported()
    {
        using var dir = new TempDir();
        dir.Write("base.yaml", "constitutional_ai:\n  specific_rules:\n    - {id: same, trigger: a, action: log_only}\n");
        var main = dir.Write("main.yaml", "constitutional_ai:\n  include: [base.yaml]\n  specific_rules:\n    - {id: same, trigger: b, action: log_only}\n");

        var d = Assert.Single(ConstitutionLoader.LoadFile(main).Errors);
        Assert.Equal(DiagnosticCodes.DuplicateId, d.Code);
        Assert.Contains("base.yaml:3:", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_include_is_reported_at_the_include()
    {
        using var dir = new TempDir();
        var main = dir.Write("main.yaml", "constitutional_ai:\n  include: [nope.yaml]\n");
        var d = Assert.Single(ConstitutionLoader.LoadFile(main).Errors);
        Assert.Equal(DiagnosticCodes.IncludeNotFound, d.Code);
        Assert.Equal(2, d.Location.Line);
    }

    [Fact]
    public void Alias_bombs_are_not_expanded()
    {
        // 10^9 leaves if expanded; the schema-driven reader never walks more than it needs.
        var withAnchors = "anchors:\n" + string.Join("\n", BuildBomb().Split('\n').Select(l => "  " + l)) + "\nconstitutional_ai:\n  core_principles: *l7\n  intervention_thresholds: *l7\n";

        var result = ConstitutionLoader.LoadText(withAnchors, "bomb.yaml");

        Assert.False(result.Success);
        Assert.InRange(result.Diagnostics.Count, 1, 50);
    }

    private static string BuildBomb()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        var prev = "a";
        for (var i = 0; i < 8; i++)
        {
            var name = "l" + i;
            lines.Add($"{name}: &{name} [" + string.Join(", ", Enumerable.Repeat("*" + prev, 10)) + "]");
            prev = name;
        }

        return string.Join("\n", lines);
    }

    [Fact]
    public void Catastrophic_regex_is_a_warning_and_still_compiles_safely()
    {
        var result = ConstitutionLoader.LoadText("""
            constitutional_ai:
              specific_rules:
                - {id: redos, trigger: "(a+)+$", action: log_only, match: substring}
            """, "r.yaml");

        Assert.True(result.Success);
        var w = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.CatastrophicPattern, w.Code);
        Assert.Equal(DiagnosticSeverity.Warning, w.Severity);
    }

    [Theory]
    [InlineData("(?<=x)abc")]
    [InlineData("(a)\\1")]
    [InlineData("(?>atomic)")]
    public void Constructs_the_linear_engine_cannot_run_are_errors(string pattern)
    {
        var result = ConstitutionLoader.LoadText($"constitutional_ai:\n  specific_rules:\n    - id: r\n      trigger: '{pattern}'\n      action: log_only\n", "r.yaml");

        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.InvalidPattern, d.Code);
        Assert.Equal(4, d.Location.Line);
    }

    [Fact]
    public void Context_and_profile_references_are_checked()
    {
        var result = ConstitutionLoader.LoadText("""
            constitutional_ai:
              specific_rules:
                - {id: hacking, trigger: "hack", action: refuse_politely, message: "No."}
              contexts:
                security:
                  rule_actions: {hacknig: add_warning}
              profiles:
                a: {extends: b}
                b: {extends: a}
                c: {extends: missing}
            """, "adj.yaml");

        var codes = result.Errors.Select(e => e.Code).ToList();
        Assert.Contains(result.Errors, e => e.Code == DiagnosticCodes.UnknownReference && e.Hint == "did you mean 'hacking'?");
        Assert.Contains(DiagnosticCodes.IncludeCycle, codes);
        Assert.Contains(result.Errors, e => e.Message.Contains("unknown profile 'missing'", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_rules_in_one_context_are_reported_in_the_same_order_on_every_run()
    {
        // rule_actions is a hash-ordered map; string hashes are randomised per process, so before the
        // validator sorted their keys the errors for "zeta", "alpha", "mid" came out in a different order from run to run.
        var result = ConstitutionLoader.LoadText("""
            constitutional_ai:
              specific_rules:
                - {id: hacking, trigger: "hack", action: refuse_politely, message: "No."}
              contexts:
                security:
                  rule_actions: {zeta: add_warning, alpha: add_warning, mid: add_warning}
            """, "adj.yaml");

        var messages = result.Errors.Where(e => e.Code == DiagnosticCodes.UnknownReference).Select(e => e.Message).ToList();
        Assert.Equal(
            [
                "context 'security' refers to unknown rule 'alpha'",
                "context 'security' refers to unknown rule 'mid'",
                "context 'security' refers to unknown rule 'zeta'",
            ],
            messages);
    }

    [Fact]
    public void Wrong_types_and_unknown_enum_values_are_all_reported()
    {
        var result = ConstitutionLoader.LoadText("""
            constitutional_ai:
              specific_rules:
                - id: r
                  trigger: "x"
                  action: log_only
                  category: violent_crime
                  severity: extreme
                  stages: [input, postprocess]
                  priority: high
                  enabled: maybe
              stages:
                input: {check_interval: 4}
                streaming: {abort_threshold: 2}
              categories:
                hat: {threshold: 0.5}
            """, "types.yaml");

        var codes = result.Errors.Select(e => e.Code).ToList();
        Assert.Contains(DiagnosticCodes.UnknownCategory, codes);
        Assert.Contains(DiagnosticCodes.UnknownStage, codes);
        Assert.Contains(DiagnosticCodes.ThresholdOutOfRange, codes);
        Assert.True(result.Errors.Count() >= 8, string.Join("\n", result.Errors));
        Assert.Contains(result.Errors, e => e.Hint == "did you mean 'violent_crimes'?");
        Assert.Contains(result.Errors, e => e.Hint == "did you mean 'hate'?");
    }

    [Fact]
    public void Invalid_utf8_is_an_error_at_its_line_and_column_not_a_silent_replacement()
    {
        using var dir = new TempDir();
        var path = dir.File("latin1.yaml");
        var ascii = System.Text.Encoding.ASCII;
        File.WriteAllBytes(path, [.. ascii.GetBytes("constitutional_ai:\n  specific_rules:\n    - {id: r, trigger: \"caf"), 0xE9, .. ascii.GetBytes("\", action: block, message: m}\n")]);

        var result = ConstitutionLoader.LoadFile(path);

        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.InvalidEncoding, d.Code);
        Assert.True(At(d, 3, 28), d.ToString());
        Assert.Contains("0xE9", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_utf8_with_a_byte_order_mark_still_loads()
    {
        using var dir = new TempDir();
        var path = dir.File("bom.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("constitutional_ai:\n  specific_rules:\n    - {id: r, trigger: \"café\", action: block, message: m}\n")]);

        var c = ConstitutionLoader.LoadFile(path).GetOrThrow();

        Assert.Equal("café", Assert.Single(c.Rules).Trigger.Pattern);
    }

    [Fact]
    public void Flat_form_reports_an_unknown_key_once_and_lists_include_once()
    {
        var result = ConstitutionLoader.LoadText("name: x\nbogus_key: 1\n", "flat.yaml");

        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.UnknownKey, d.Code);
        Assert.Equal(2, d.Location.Line);
        var hint = d.Hint ?? "";
        Assert.Equal(hint.IndexOf("include", StringComparison.Ordinal), hint.LastIndexOf("include", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gateway_file_is_one_error_saying_what_it_is()
    {
        var result = ConstitutionLoader.LoadFile(Path.Combine(RepoPaths.Examples, "gateway.yaml"));

        var d = Assert.Single(result.Diagnostics);
        Assert.Contains("gateway configuration", d.Message, StringComparison.Ordinal);
        Assert.Contains("alignlab serve --config", d.Hint, StringComparison.Ordinal);
    }

    private static bool At(Diagnostic d, int line, int column) => d.Location.Line == line && d.Location.Column == column;
}
