using System.Collections.Immutable;
using System.Globalization;
using static AlignLab.Evaluation.Reports.ReportFormat;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// Two runs side by side (A = before, B = after): for every strategy and metric the change B − A, marked (◆) when the
/// two 95% confidence intervals do not overlap. Rendered as Markdown or HTML (a section or a whole page).
/// </summary>
public sealed class ComparisonReport
{
    /// <summary>The marker put beside a delta whose intervals do not overlap.</summary>
    public const string SeparatedMarker = "◆";

    private ComparisonReport(EvalSummary a, EvalSummary b, ImmutableArray<MetricDelta> deltas)
    {
        A = a;
        B = b;
        Deltas = deltas;
        Differences = [.. TestSetDifferences(a, b)];
        Changes = [.. Changed("policy", a.Policy, b.Policy), .. Changed("model", a.Model ?? "none (guard only)", b.Model ?? "none (guard only)")];
    }

    /// <summary>The earlier (reference) run.</summary>
    public EvalSummary A { get; }

    /// <summary>The later run.</summary>
    public EvalSummary B { get; }

    /// <summary>Per strategy (A's order, then strategies new in B) and metric, the two values and their difference.</summary>
    public ImmutableArray<MetricDelta> Deltas { get; }

    /// <summary>
    /// How the two runs' test sets differ (suites, attacks, the seed that draws the attack variants, the number of
    /// cases, the cases themselves by their <see cref="EvalSummary.CaseSet"/> fingerprint), one phrase each
    /// ("suites a (A) vs b (B)"); empty when they evaluated the same cases. With differences the deltas mix a change of
    /// the system with a change of the test. The policy and the model are the system under test, not the test set:
    /// they are in <see cref="Changes"/>.
    /// </summary>
    public ImmutableArray<string> Differences { get; }

    /// <summary>What changed in the system under test (policy, model), one phrase each ("policy a (A) → b (B)"); empty when nothing did.</summary>
    public ImmutableArray<string> Changes { get; }

    /// <summary>A one-line warning naming <see cref="Differences"/>, or null when there are none.</summary>
    public string? Warning => Differences.IsEmpty
        ? null
        : "the runs differ: " + string.Join("; ", Differences) + ". The deltas compare different test sets, not only a change of the system.";

    /// <summary>Compares <paramref name="b"/> with <paramref name="a"/>.</summary>
    public static ComparisonReport Compare(EvalSummary a, EvalSummary b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var sa = Strategies(a);
        var sb = Strategies(b);
        var names = sa.Select(s => s.Strategy).Concat(sb.Select(s => s.Strategy)).Distinct(StringComparer.Ordinal);
        var deltas = ImmutableArray.CreateBuilder<MetricDelta>();
        foreach (var name in names)
        {
            var x = sa.FirstOrDefault(s => s.Strategy == name);
            var y = sb.FirstOrDefault(s => s.Strategy == name);
            if (x is null || y is null || !x.Available || !y.Available)
            {
                deltas.Add(new MetricDelta(name, "all", null, null) { Note = Missing(a, x, "A") ?? Missing(b, y, "B") });
                continue;
            }

            deltas.Add(Rate(name, "safety", x.HarmfulBlocked, y.HarmfulBlocked, higherIsBetter: true));
            deltas.Add(Rate(name, "fpr", x.FalsePositives, y.FalsePositives, higherIsBetter: false));
            deltas.Add(Rate(name, "over_refusal", x.OverRefusal, y.OverRefusal, higherIsBetter: false));
            deltas.Add(Rate(name, "intervention", x.Interventions, y.Interventions, higherIsBetter: null));
            deltas.Add(new MetricDelta(name, "latency_p50_ms", x.LatencyP50Ms, y.LatencyP50Ms) { HigherIsBetter = false });
            deltas.Add(new MetricDelta(name, "latency_p95_ms", x.LatencyP95Ms, y.LatencyP95Ms) { HigherIsBetter = false });
            deltas.Add(new MetricDelta(name, "errors", x.Errors, y.Errors) { HigherIsBetter = false });
            if (x.Tokens is not null || y.Tokens is not null)
            {
                deltas.Add(new MetricDelta(name, "tokens", x.Tokens, y.Tokens) { HigherIsBetter = false });
            }

            foreach (var t in Keys(x.AttackSuccess, y.AttackSuccess).OrderBy(t => t == "none" ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal))
            {
                deltas.Add(Rate(name, "asr:" + t, x.AttackSuccess.GetValueOrDefault(t), y.AttackSuccess.GetValueOrDefault(t), higherIsBetter: false));
            }

            foreach (var c in Keys(x.BlockedByCategory, y.BlockedByCategory).Order(StringComparer.Ordinal))
            {
                deltas.Add(Rate(name, "blocked:" + c, x.BlockedByCategory.GetValueOrDefault(c), y.BlockedByCategory.GetValueOrDefault(c), higherIsBetter: true));
            }
        }

        return new ComparisonReport(a, b, deltas.ToImmutable());
    }

    /// <summary>The comparison as Markdown (a heading, the runs, and one table row per strategy and metric).</summary>
    public string ToMarkdown()
    {
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        WriteMarkdown(sw);
        return sw.ToString();
    }

    /// <summary>Writes the comparison as Markdown.</summary>
    public void WriteMarkdown(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("## AlignLab comparison\n\n");
        output.Write(Inv($"- **A**: {Md(A.RunId)} ({Md(RunLine(A))})\n- **B**: {Md(B.RunId)} ({Md(RunLine(B))})\n\n"));
        if (Changes.Length > 0)
        {
            output.Write(Inv($"Changed between the runs: {Md(string.Join("; ", Changes))}.\n\n"));
        }

        if (Warning is { } warning)
        {
            output.Write(Inv($"**Warning**: {Md(warning)}\n\n"));
        }

        output.Write("| Strategy | Metric | A | B | Δ (B − A) |\n|---|---|---:|---:|---:|\n");
        foreach (var d in Deltas)
        {
            if (d.Note is not null)
            {
                output.Write(Inv($"| {Md(d.Strategy)} | — | — | — | {Md(d.Note)} |\n"));
                continue;
            }

            output.Write(Inv($"| {Md(d.Strategy)} | {Md(MetricName(d.Metric))} | {Md(Value(d, d.A))} | {Md(Value(d, d.B))} | {Md(DeltaText(d))}{(d.CiSeparated ? " " + SeparatedMarker : string.Empty)} |\n"));
        }

        output.Write(Inv($"\n{SeparatedMarker} the two 95% confidence intervals do not overlap. Rates are in percent; their deltas are in percentage points (pp).\n"));
    }

    /// <summary>Writes the comparison as an HTML <c>&lt;section&gt;</c> (for embedding in a report page).</summary>
    public void WriteHtmlSection(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("<section id=\"comparison\"><h2>Comparison with an earlier run</h2><dl class=\"meta\">");
        output.Write(Inv($"<dt>A</dt><dd><code>{H(A.RunId)}</code> — {H(RunLine(A))}</dd><dt>B</dt><dd><code>{H(B.RunId)}</code> — {H(RunLine(B))}</dd></dl>"));
        if (Changes.Length > 0)
        {
            output.Write(Inv($"<p class=\"note\">Changed between the runs: {H(string.Join("; ", Changes))}.</p>"));
        }

        if (Warning is { } warning)
        {
            output.Write(Inv($"<p class=\"warning\" role=\"note\"><strong>Warning:</strong> {H(warning)}</p>"));
        }

        output.Write(Inv($"<p class=\"note\">Δ is B − A (percentage points for rates). {SeparatedMarker} marks a change whose two 95% confidence intervals do not overlap; "));
        output.Write("green is an improvement, red a regression, coloured only when it is more than noise (intervals apart; latency by at least 1 ms and 10%).</p>");
        output.Write("<table class=\"sortable comparison\"><thead><tr><th scope=\"col\">Strategy</th><th scope=\"col\">Metric</th><th scope=\"col\" class=\"r\">A</th><th scope=\"col\" class=\"r\">B</th><th scope=\"col\" class=\"r\">Δ (B − A)</th></tr></thead><tbody>");
        foreach (var d in Deltas)
        {
            if (d.Note is not null)
            {
                output.Write(Inv($"<tr class=\"unavailable\"><th scope=\"row\">{H(d.Strategy)}</th><td colspan=\"4\">{H(d.Note)}</td></tr>"));
                continue;
            }

            var css = d.IsNotable && d.Delta is { } delta && d.HigherIsBetter is { } up
                ? (delta > 0 == up ? " delta-up" : " delta-down")
                : string.Empty;
            output.Write(Inv($"<tr><th scope=\"row\">{H(d.Strategy)}</th><td>{H(MetricName(d.Metric))}</td><td class=\"r\">{H(Value(d, d.A))}{Interval(d.AEstimate)}</td><td class=\"r\">{H(Value(d, d.B))}{Interval(d.BEstimate)}</td>"));
            output.Write(Inv($"<td class=\"r{css}\" data-v=\"{(d.Delta is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "0")}\">{H(DeltaText(d))}{(d.CiSeparated ? " <b title=\"95% intervals do not overlap\">" + SeparatedMarker + "</b>" : string.Empty)}</td></tr>"));
        }

        output.Write("</tbody></table></section>\n");
    }

    /// <summary>Writes the comparison as a whole self-contained HTML page.</summary>
    public void WriteHtml(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        HtmlPage.Begin(output, $"AlignLab comparison {A.RunId} → {B.RunId}");
        output.Write("<header><h1>AlignLab comparison</h1></header>");
        WriteHtmlSection(output);
        HtmlPage.End(output);
    }

    private static ImmutableArray<StrategySummary> Strategies(EvalSummary s) => s.Strategies.IsDefault ? [] : s.Strategies;

    private static IEnumerable<string> TestSetDifferences(EvalSummary a, EvalSummary b)
    {
        var differences = Differ("suites", a.Suites, b.Suites).Concat(Differ("attacks", a.Attacks, b.Attacks)).ToList();
        if (a.Seed != b.Seed && !(a.Attacks.IsDefaultOrEmpty && b.Attacks.IsDefaultOrEmpty))
        {
            differences.Add(Inv($"seed {a.Seed} (A) vs {b.Seed} (B), which draws the attack variants"));
        }

        if (a.Cases != b.Cases)
        {
            differences.Add(Inv($"cases {a.Cases:N0} (A) vs {b.Cases:N0} (B)"));
        }
        else if (a.CaseSet is { } x && b.CaseSet is { } y && !string.Equals(x, y, StringComparison.Ordinal) && differences.Count == 0)
        {
            differences.Add("the cases themselves (same suites and count, but some case's id, label, category or text differs)");
        }

        return differences;
    }

    private static IEnumerable<string> Changed(string what, string a, string b)
    {
        if (!string.Equals(a, b, StringComparison.Ordinal))
        {
            yield return $"{what} {a} (A) → {b} (B)";
        }
    }

    private static IEnumerable<string> Differ(string what, ImmutableArray<string> a, ImmutableArray<string> b)
    {
        var x = a.IsDefault ? [] : a;
        var y = b.IsDefault ? [] : b;
        if (!x.SequenceEqual(y, StringComparer.Ordinal))
        {
            yield return $"{what} {(x.IsEmpty ? "none" : string.Join(", ", x))} (A) vs {(y.IsEmpty ? "none" : string.Join(", ", y))} (B)";
        }
    }

    private static IEnumerable<string> Keys(ImmutableDictionary<string, RateEstimate> x, ImmutableDictionary<string, RateEstimate> y) =>
        x.Keys.Concat(y.Keys).Distinct(StringComparer.Ordinal);

    private static string? Missing(EvalSummary run, StrategySummary? s, string side) =>
        s is null ? $"only in {(side == "A" ? "B" : "A")}" : !s.Available ? $"{Unavailable(run, s)} (in {side})" : null;

    private static MetricDelta Rate(string strategy, string metric, RateEstimate? a, RateEstimate? b, bool? higherIsBetter) =>
        new(strategy, metric, a is { Total: > 0 } ? a.Rate : null, b is { Total: > 0 } ? b.Rate : null)
        {
            AEstimate = a,
            BEstimate = b,
            IsRate = true,
            HigherIsBetter = higherIsBetter,
        };

    private static string RunLine(EvalSummary s) =>
        Inv($"{s.StartedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC, policy {s.Policy}, {(s.Model is null ? "guard only (no model)" : "model " + s.Model)}, {s.Cases} cases, seed {s.Seed}");

    private static string MetricName(string metric) => MetricDelta.LabelOf(metric);

    private static string Value(MetricDelta d, double? v) => v is not { } x ? "—"
        : d.IsRate ? Pct(x)
        : d.Metric.StartsWith("latency", StringComparison.Ordinal) ? Ms(x)
        : x.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string DeltaText(MetricDelta d) => d.Delta is not { } delta ? "—"
        : d.IsRate ? Inv($"{(delta > 0 ? "+" : delta < 0 ? "−" : "±")}{Math.Abs(delta) * 100:0.0} pp")
        : d.Metric.StartsWith("latency", StringComparison.Ordinal) ? SignedMs(delta)
        : Inv($"{(delta > 0 ? "+" : delta < 0 ? "−" : "±")}{Math.Abs(delta):#,0.##}");

    private static string Interval(RateEstimate? r) => r is { Total: > 0 } ? "<span class=\"ci\">" + H(Ci(r)) + "</span>" : string.Empty;
}
