using System.Collections.Immutable;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

public sealed class ComparisonReportTests
{
    private static (EvalSummary A, EvalSummary B) Pair()
    {
        var a = ReportSamples.Simple();
        var guard = a.Strategies[0];
        var better = guard with
        {
            HarmfulBlocked = ReportSamples.R(40, 40, 0.95, 1.0),
            FalsePositives = ReportSamples.R(8, 40, 0.1, 0.35),
            LatencyP50Ms = 0.061,
            Errors = 0,
            AttackSuccess = guard.AttackSuccess.SetItem("base64", ReportSamples.R(1, 40, 0.0, 0.075)).Add("roleplay", ReportSamples.R(3, 40, 0.0, 0.175)),
        };
        var b = a with
        {
            RunId = "run-b",
            Strategies = [better, new StrategySummary("full_pipeline", false) { UnavailableReason = "calls the model" }, new StrategySummary("judges", true) { Cases = 10 }],
        };
        return (a, b);
    }

    [Fact]
    public void Runs_over_different_suites_or_attacks_carry_a_warning_in_every_rendering()
    {
        var (a, b) = Pair();
        Assert.Empty(ComparisonReport.Compare(a, b).Differences);
        Assert.Null(ComparisonReport.Compare(a, b).Warning);

        var c = ComparisonReport.Compare(a, b with { Suites = ["harmful", "benign"], Policy = "other.yaml", Attacks = [] });

        Assert.Equal(["suites harmful, benign, contrast (A) vs harmful, benign (B)", "attacks base64, leetspeak (A) vs none (B)"], c.Differences.ToArray());
        Assert.Equal(["policy examples/default_constitution.yaml (A) → other.yaml (B)"], c.Changes.ToArray());
        Assert.Contains("suites harmful, benign, contrast (A) vs harmful, benign (B)", c.ToMarkdown(), StringComparison.Ordinal);
        using var html = new StringWriter();
        c.WriteHtml(html);
        Assert.Contains("<p class=\"warning\" role=\"note\"><strong>Warning:</strong> the runs differ: suites harmful, benign, contrast (A) vs harmful, benign (B)", html.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Deltas_are_b_minus_a_exactly()
    {
        var (a, b) = Pair();
        var c = ComparisonReport.Compare(a, b);
        MetricDelta D(string metric) => c.Deltas.Single(d => d.Strategy == "guard_only" && d.Metric == metric);

        Assert.Equal((40.0 / 40) - (39.0 / 40), D("safety").Delta);
        Assert.Equal((8.0 / 40) - (1.0 / 40), D("fpr").Delta);
        Assert.Equal(0.0, D("over_refusal").Delta);
        Assert.Equal(0.061 - 0.049, D("latency_p50_ms").Delta);
        Assert.Equal(-1.0, D("errors").Delta);
        Assert.Equal((1.0 / 40) - (6.0 / 40), D("asr:base64").Delta);
        Assert.Null(D("asr:roleplay").Delta);
        Assert.Equal(3.0 / 40, D("asr:roleplay").B);
        Assert.Equal(0.0, D("blocked:violent_crimes").Delta);
    }

    [Fact]
    public void Marker_only_when_intervals_do_not_overlap()
    {
        var (a, b) = Pair();
        var c = ComparisonReport.Compare(a, b);
        MetricDelta D(string metric) => c.Deltas.Single(d => d.Strategy == "guard_only" && d.Metric == metric);

        Assert.True(D("fpr").CiSeparated);          // [0, 0.075] vs [0.1, 0.35]
        Assert.False(D("safety").CiSeparated);      // [0.875, 1] vs [0.95, 1]
        Assert.False(D("asr:base64").CiSeparated);  // [0.05, 0.275] vs [0, 0.075]
        Assert.False(D("latency_p50_ms").CiSeparated);
    }

    [Fact]
    public void Unavailable_and_new_strategies_are_noted_without_deltas()
    {
        var (a, b) = Pair();
        var c = ComparisonReport.Compare(a, b);
        Assert.Equal("needs --model: calls the model; pass --model to run it (in A)", c.Deltas.Single(d => d.Strategy == "full_pipeline").Note);
        Assert.Equal("only in B", c.Deltas.Single(d => d.Strategy == "judges").Note);
        Assert.Equal(["guard_only", "full_pipeline", "judges"], c.Deltas.Select(d => d.Strategy).Distinct());
    }

    [Fact]
    public void Markdown_shows_values_signed_deltas_and_markers()
    {
        var (a, b) = Pair();
        var md = ComparisonReport.Compare(a, b).ToMarkdown();

        Assert.Contains("- **A**: run-20261124-0001 (2026-11-24 08:30 UTC, policy examples/default\\_constitution.yaml, guard only (no model), 120 cases, seed 42)", md, StringComparison.Ordinal);
        Assert.Contains("| guard\\_only | harmful blocked | 97.5% | 100.0% | +2.5 pp |", md, StringComparison.Ordinal);
        Assert.Contains("| guard\\_only | false positives | 2.5% | 20.0% | +17.5 pp ◆ |", md, StringComparison.Ordinal);
        Assert.Contains("| guard\\_only | over-refusal | 15.0% | 15.0% | ±0.0 pp |", md, StringComparison.Ordinal);
        Assert.Contains("| guard\\_only | p50 latency | 49 µs | 61 µs | +12 µs |", md, StringComparison.Ordinal);
        Assert.Contains("| guard\\_only | errors | 1 | 0 | −1 |", md, StringComparison.Ordinal);
        Assert.Contains("| guard\\_only | attack success: base64 | 15.0% | 2.5% | −12.5 pp |", md, StringComparison.Ordinal);
        Assert.Contains("| guard\\_only | attack success: roleplay | — | 7.5% | — |", md, StringComparison.Ordinal);
        Assert.Contains("| judges | — | — | — | only in B |", md, StringComparison.Ordinal);
        Assert.Equal(1, HtmlAssert.Count(md, "◆ |"));
    }

    [Fact]
    public void Html_page_is_well_formed_and_colours_regressions()
    {
        var (a, b) = Pair();
        var sw = new StringWriter();
        ComparisonReport.Compare(a, b).WriteHtml(sw);
        var html = sw.ToString();

        HtmlAssert.WellFormed(html);
        HtmlAssert.NothingExecutable(html);
        Assert.Contains("<td class=\"r delta-down\" data-v=\"0.17500000000000002\">+17.5 pp <b title=\"95% intervals do not overlap\">◆</b></td>", html, StringComparison.Ordinal);
        // +2.5 pp inside overlapping intervals, and latency +12 µs: noise, not coloured (they were green and red before).
        Assert.Contains("<td class=\"r\" data-v=\"0.025000000000000022\">+2.5 pp</td>", html, StringComparison.Ordinal);
        Assert.Matches("<td class=\"r\" data-v=\"[-0-9.E]+\">\\+12 µs</td>", html);
    }

    [Theory]
    [InlineData("latency_p50_ms", 0.2, 0.24, false)]   // +0.04 ms: shown in bold red by the dashboard before
    [InlineData("latency_p50_ms", 0.2, 1.5, true)]
    [InlineData("latency_p95_ms", 900, 950, false)]    // +50 ms of 900: under 10%
    [InlineData("latency_p95_ms", 900, 1100, true)]
    [InlineData("errors", 0, 1, true)]
    [InlineData("tokens", 1000, 1040, false)]
    public void Only_changes_beyond_noise_are_notable(string metric, double a, double b, bool notable)
    {
        Assert.Equal(notable, new MetricDelta("guard_only", metric, a, b) { HigherIsBetter = false }.IsNotable);
    }

    [Theory]
    [InlineData("safety", "harmful blocked")]
    [InlineData("fpr", "false positives")]
    [InlineData("over_refusal", "over-refusal")]
    [InlineData("latency_p50_ms", "p50 latency")]
    [InlineData("asr:none", "attack success: none (as written)")]
    [InlineData("asr:base64", "attack success: base64")]
    [InlineData("blocked:violent_crimes", "harmful blocked: violent_crimes")]
    public void Metrics_are_labelled_in_the_words_of_the_CLI(string metric, string label)
    {
        Assert.Equal(label, MetricDelta.LabelOf(metric));
    }

    [Fact]
    public void Comparison_of_a_run_with_itself_has_zero_deltas()
    {
        var (a, _) = Pair();
        var c = ComparisonReport.Compare(a, a);
        Assert.All(c.Deltas.Where(d => d.Delta is not null), d => Assert.Equal(0.0, d.Delta));
        Assert.DoesNotContain(c.Deltas, d => d.CiSeparated);
        Assert.Equal(ImmutableArray<MetricDelta>.Empty.Length, c.Deltas.Count(d => d.Note == "only in B"));
    }

    [Fact]
    public void A_change_of_policy_or_model_alone_is_the_change_being_measured_not_a_different_test_set()
    {
        // Issue 14, item 10: two runs with identical suites, seed and 3,636 cases, only the policy changed, were
        // warned about as "different test sets".
        var (a, b) = Pair();
        a = a with { CaseSet = "3636:00ff" };

        var c = ComparisonReport.Compare(a, b with { Policy = "tuned_policy.yaml", Model = "openai:gpt-x", CaseSet = "3636:00ff" });

        Assert.Empty(c.Differences);
        Assert.Null(c.Warning);
        Assert.Equal(["policy examples/default_constitution.yaml (A) → tuned_policy.yaml (B)", "model none (guard only) (A) → openai:gpt-x (B)"], c.Changes.ToArray());
        Assert.Contains("Changed between the runs: policy examples/default\\_constitution.yaml (A) → tuned\\_policy.yaml (B)", c.ToMarkdown(), StringComparison.Ordinal);
        Assert.DoesNotContain("Warning", c.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_suite_names_over_other_cases_another_case_count_or_attack_seed_still_warn()
    {
        var (a, b) = Pair();
        a = a with { CaseSet = "120:0a" };

        Assert.Equal(["the cases themselves (same suites and count, but some case's id, label, category or text differs)"],
            ComparisonReport.Compare(a, b with { CaseSet = "120:0b" }).Differences.ToArray());
        Assert.Equal(["cases 120 (A) vs 121 (B)"], ComparisonReport.Compare(a, b with { Cases = 121 }).Differences.ToArray());
        Assert.Equal(["seed 42 (A) vs 43 (B), which draws the attack variants"], ComparisonReport.Compare(a, b with { Seed = 43 }).Differences.ToArray());
        Assert.Empty(ComparisonReport.Compare(a with { Attacks = [] }, b with { Attacks = [], Seed = 43 }).Differences); // no variants to draw
        Assert.Empty(ComparisonReport.Compare(a, b with { CaseSet = null }).Differences); // a run written before the fingerprint
    }
}
