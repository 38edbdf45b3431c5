using System.Text;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;

namespace AlignLab.Tests.Constitutions;

public sealed class ConstitutionLimitTests
{
    private static string Rules(int count, Func<int, string> trigger)
    {
        var sb = new StringBuilder("constitutional_ai:\n  specific_rules:\n");
        for (var i = 0; i < count; i++)
        {
            sb.Append("    - {id: r").Append(i).Append(", trigger: \"").Append(trigger(i)).Append("\", action: block}\n");
        }

        return sb.ToString();
    }

    [Fact]
    public void Five_thousand_regex_rules_are_refused_by_the_limits_without_compiling_them()
    {
        // Issue 13: 5,000 regex rules (300 KB) took 24.6 s and 2.39 GB to load.
        var result = ConstitutionLoader.LoadText(Rules(5_000, i => $"w{i:00000}[a-z]+\\\\s+x{i}"), "many.yaml");

        Assert.False(result.Success);
        Assert.All(result.Errors, e => Assert.Equal(DiagnosticCodes.InputTooLarge, e.Code));
        Assert.Contains(result.Errors, e => e.Message.Contains("more than 2,000 rules", StringComparison.Ordinal) && e.Location.Line == 2_003);
        Assert.Contains(result.Errors, e =>
            e.Message.Contains("more than 256 regular-expression patterns", StringComparison.Ordinal) && e.Location.Line == 259);
    }

    [Fact]
    public void The_rule_limit_is_reported_once_at_the_first_rule_past_it_and_names_the_option()
    {
        var options = ConstitutionLoadOptions.Default with { MaxRules = 2 };

        var d = Assert.Single(ConstitutionLoader.LoadText(Rules(5, i => "word" + i), "r.yaml", null, options).Errors);

        Assert.Equal((5, 7), (d.Location.Line, d.Location.Column));
        Assert.Contains("more than 2 rules", d.Message, StringComparison.Ordinal);
        Assert.Contains("ConstitutionLoadOptions.MaxRules", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_limit_counts_the_rules_of_included_files()
    {
        using var dir = new TempDir();
        dir.Write("base.yaml", "specific_rules:\n  - {id: b0, trigger: base, action: block}\n  - {id: b1, trigger: bass, action: block}\n");
        var main = dir.Write("main.yaml",
            "include: base.yaml\nspecific_rules:\n  - {id: m0, trigger: main, action: block}\n  - {id: m1, trigger: mane, action: block}\n");

        var d = Assert.Single(ConstitutionLoader.LoadFile(main, ConstitutionLoadOptions.Default with { MaxRules = 3 }).Errors);

        Assert.EndsWith("main.yaml", d.Location.File, StringComparison.Ordinal);
        Assert.Equal(4, d.Location.Line);
        Assert.Contains("counting its includes", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_longer_than_the_limit_is_an_error_at_the_pattern()
    {
        var d = Assert.Single(ConstitutionLoader.LoadText(Rules(1, _ => string.Join('|', Enumerable.Repeat("word", 1_000))), "long.yaml").Errors);

        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Equal((3, 25), (d.Location.Line, d.Location.Column));
        Assert.Contains("4,999 characters; the limit is 4,096", d.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPatternLength", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_pattern_is_measured_with_its_items_joined()
    {
        var yaml = "specific_rules:\n  - id: r\n    trigger: [" + string.Join(", ", Enumerable.Repeat("abcdefgh", 400)) + "]\n    action: block\n";

        var d = Assert.Single(ConstitutionLoader.LoadText(yaml, "list.yaml").Errors);

        Assert.Contains("(its items joined)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_patterns_together_have_a_limit()
    {
        var options = ConstitutionLoadOptions.Default with { MaxTotalPatternLength = 100 };

        var d = Assert.Single(ConstitutionLoader.LoadText(Rules(10, i => "wordnumber" + (char)('a' + i) + "|other"), "t.yaml", null, options).Errors);

        Assert.Equal(8, d.Location.Line); // 6 patterns of 17 characters pass 100
        Assert.Contains("MaxTotalPatternLength", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Word_lists_do_not_count_as_regexes_but_substring_and_case_sensitive_ones_do()
    {
        var options = ConstitutionLoadOptions.Default with { MaxRegexPatterns = 2 };
        var yaml = """
            specific_rules:
              - {id: a, trigger: "alpha|beta", action: block}
              - {id: b, trigger: "gamma", action: block}
              - {id: c, trigger: "delta", match: substring, action: block}
              - {id: d, trigger: "Epsilon", case_sensitive: true, action: block}
              - {id: e, trigger: "zeta\\d", action: block}
            """;

        var d = Assert.Single(ConstitutionLoader.LoadText(yaml, "x.yaml", null, options).Errors);

        Assert.Equal(6, d.Location.Line);
        Assert.Contains("MaxRegexPatterns", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regex_over_too_many_distinct_characters_is_refused_before_it_is_compiled()
    {
        // 1,000 distinct CJK characters and a '.' took 13 s and 750 MB to compile with NonBacktracking.
        var cjk = string.Concat(Enumerable.Range(0, 1_000).Select(i => (char)(0x4E00 + (i * 5))));

        var d = Assert.Single(ConstitutionLoader.LoadText(Rules(1, _ => cjk + "."), "cjk.yaml").Errors);

        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Contains("more than 128 distinct characters", d.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRegexDistinctCharacters", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_characters_count_as_the_characters_they_stand_for()
    {
        var escaped = string.Concat(Enumerable.Range(0, 200).Select(i => $"[\\\\u{0x4E00 + (i * 5):X4}]"));

        var d = Assert.Single(ConstitutionLoader.LoadText(Rules(1, _ => escaped), "esc.yaml").Errors);

        Assert.Contains("distinct characters", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compiling_stops_with_one_error_once_the_memory_budget_is_spent()
    {
        var options = ConstitutionLoadOptions.Default with { MaxRegexCompileBytes = 1 };

        var d = Assert.Single(ConstitutionLoader.LoadText(Rules(3, i => $"w{i}[a-z]+"), "budget.yaml", null, options).Errors);

        Assert.Equal(4, d.Location.Line); // the first regex compiles, the second finds the budget spent
        Assert.Contains("MaxRegexCompileBytes", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regex_is_compiled_once_for_the_loader_and_the_rule_engine()
    {
        var c = ConstitutionLoader.LoadText(Rules(1, _ => "w[a-z]+x"), "once.yaml").GetOrThrow();

        Assert.Same(AlignLab.Rules.PatternCompiler.BuildRegex(c.Rules[0].Trigger), AlignLab.Rules.PatternCompiler.BuildRegex(c.Rules[0].Trigger));
    }

    [Fact]
    public void The_node_cap_is_one_error_without_follow_on_errors()
    {
        // Issue 13: 'trigger is empty' (AL1005) was reported next to AL1017 once the reader stopped at its node cap.
        var items = string.Join(", ", Enumerable.Repeat("a", YamlNodeReader.MaxNodes + 10));
        var yaml = "specific_rules:\n  - id: r\n    trigger: [" + items + "]\n    action: block\n";

        var d = Assert.Single(ConstitutionLoader.LoadText(yaml, "nodes.yaml").Diagnostics);

        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Contains("nodes", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default_constitution.yaml")]
    [InlineData("alignment_rules.yaml")]
    public void The_bundled_constitutions_stay_well_inside_the_limits(string file)
    {
        // A quarter of every limit still loads them.
        var d = ConstitutionLoadOptions.Default;
        var quarter = d with
        {
            MaxDepth = 16,
            MaxRules = d.MaxRules / 4,
            MaxPatternLength = d.MaxPatternLength / 4,
            MaxTotalPatternLength = d.MaxTotalPatternLength / 4,
            MaxRegexPatterns = d.MaxRegexPatterns / 4,
            MaxRegexDistinctCharacters = d.MaxRegexDistinctCharacters / 4,
            MaxRegexCompileBytes = d.MaxRegexCompileBytes / 4,
        };

        var result = ConstitutionLoader.LoadFile(Path.Combine(RepoPaths.Examples, file), quarter);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }
}
