using System.Globalization;
using AlignLab.Metrics;
using static AlignLab.Evaluation.Reports.ReportFormat;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// Writes an evaluation run as one self-contained HTML page: the run's header, the strategy comparison table with
/// 95% intervals, the gates, SVG charts (blocked rate per category, attack success per transform, ROC of the
/// classifier score, latency distribution) and a table of notable cases. No external resource is referenced; the
/// page shows everything without JavaScript (a small inline script, pinned by a Content-Security-Policy hash, only
/// sorts and filters tables). Every piece of text from the data is HTML-escaped.
/// </summary>
public static class HtmlReportWriter
{
    private const int FullTextCap = 4000;

    /// <summary>Writes the report; the ROC curve and latency histogram are computed from <paramref name="sample"/>.</summary>
    /// <param name="summary">The run.</param>
    /// <param name="sample">Notable cases to list (e.g. false positives and successful attacks).</param>
    /// <param name="output">Where the page goes.</param>
    public static void Write(EvalSummary summary, IReadOnlyList<CaseResult> sample, TextWriter output) =>
        Write(summary, sample, output, new HtmlReportOptions());

    /// <summary>Writes the report with the whole run's distributions, prompt texts and an optional comparison.</summary>
    public static void Write(EvalSummary summary, IReadOnlyList<CaseResult> sample, TextWriter output, HtmlReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var fromSample = options.Distributions is null;
        var dist = options.Distributions ?? EvalDistributions.From(sample);

        HtmlPage.Begin(output, "AlignLab evaluation " + summary.RunId);
        Header(output, summary);
        StrategyTable(output, summary);
        Gates(output, summary);
        Attacks(output, summary);
        CapabilityReportHtml.Write(output, summary);
        PrincipleAdherenceHtml.Write(output, summary);
        Charts(output, summary, dist, fromSample ? sample.Count : (int?)null);
        Cases(output, sample, options);
        if (options.Comparison is { } comparison)
        {
            comparison.WriteHtmlSection(output);
        }

        HtmlPage.End(output);
    }

    /// <summary>The report as a string.</summary>
    public static string ToHtml(EvalSummary summary, IReadOnlyList<CaseResult> sample, HtmlReportOptions? options = null)
    {
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        Write(summary, sample, sw, options ?? new HtmlReportOptions());
        return sw.ToString();
    }

    private static void Header(TextWriter o, EvalSummary s)
    {
        o.Write("<header><h1>AlignLab evaluation</h1>");
        o.Write(Inv($"<p class=\"sub\">Run <code>{H(s.RunId)}</code>, started {H(s.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))} UTC</p>"));
        o.Write("<dl class=\"meta\">");
        Meta(o, "Run id", H(s.RunId));
        Meta(o, "Started", H(s.StartedAt.ToString("O", CultureInfo.InvariantCulture)));
        Meta(o, "Duration", H(Duration(s.DurationSeconds)));
        Meta(o, "Policy", H(s.Policy));
        Meta(o, "Model", s.Model is null ? "<span class=\"na\">guard only (no model)</span>" : "<code>" + H(s.Model) + "</code>");
        Meta(o, "Suites", s.Suites.IsDefaultOrEmpty ? "<span class=\"na\">none</span>" : H(string.Join(", ", s.Suites)));
        Meta(o, "Attacks", s.Attacks.IsDefaultOrEmpty ? "<span class=\"na\">none</span>" : H(string.Join(", ", s.Attacks)));
        Meta(o, "Seed", s.Seed.ToString(CultureInfo.InvariantCulture));
        Meta(o, "Cases", Count(s.Cases));
        o.Write("</dl>");
        if (!s.Gates.IsDefaultOrEmpty)
        {
            var failed = s.Gates.Count(g => !g.Passed);
            o.Write(failed == 0
                ? Inv($"<p class=\"banner pass\">Gates: PASS ({s.Gates.Length}/{s.Gates.Length} held)</p>")
                : Inv($"<p class=\"banner fail\">Gates: FAIL ({failed} of {s.Gates.Length} failed)</p>"));
        }

        o.Write("</header>\n");
    }

    private static void Meta(TextWriter o, string name, string html) => o.Write($"<dt>{name}</dt><dd>{html}</dd>");

    private static string Duration(double seconds) => !double.IsFinite(seconds) ? "n/a"
        : seconds < 60 ? Inv($"{seconds:0.0} s")
        : seconds < 3600 ? Inv($"{Math.Floor(seconds / 60):0} min {seconds % 60:00} s")
        : Inv($"{Math.Floor(seconds / 3600):0} h {Math.Floor(seconds % 3600 / 60):00} min");

    private static void StrategyTable(TextWriter o, EvalSummary s)
    {
        o.Write("<section id=\"strategies\"><h2>Strategies</h2>");
        o.Write("<p class=\"note\">Harmful blocked is the share of harmful cases blocked or refused (higher is better). False positives are benign cases refused and over-refusal is alarming-looking but benign (contrast) cases refused (lower is better). Each rate shows its 95% confidence interval and counts. " + H(LatencyNote) + "</p>");
        o.Write("<table class=\"sortable strategies\"><thead><tr><th scope=\"col\">Strategy</th><th scope=\"col\" class=\"r\">Harmful blocked&#160;↑</th><th scope=\"col\" class=\"r\">False positives&#160;↓</th><th scope=\"col\" class=\"r\">Over-refusal&#160;↓</th><th scope=\"col\" class=\"r\">Interventions</th><th scope=\"col\" class=\"r\">p50 latency</th><th scope=\"col\" class=\"r\">p95 latency</th><th scope=\"col\" class=\"r\">Added p50 / p95</th><th scope=\"col\" class=\"r\">Tokens</th><th scope=\"col\" class=\"r\">Errors</th><th scope=\"col\" class=\"r\">Cases</th></tr></thead><tbody>");
        if (s.Strategies.IsDefaultOrEmpty)
        {
            o.Write("<tr><td colspan=\"11\" class=\"na\">No strategies ran.</td></tr>");
        }

        foreach (var st in s.Strategies.IsDefault ? [] : s.Strategies)
        {
            if (!st.Available)
            {
                var text = Unavailable(s, st);
                var head = text.StartsWith(NeedsModel, StringComparison.Ordinal) ? NeedsModel : "unavailable";
                var rest = text.Length > head.Length ? text[(head.Length + 2)..] : string.Empty;
                o.Write(Inv($"<tr class=\"unavailable\"><th scope=\"row\">{H(st.Strategy)}</th><td colspan=\"10\"><span class=\"badge na\">{H(head)}</span> {H(rest)}</td></tr>"));
                continue;
            }

            o.Write(Inv($"<tr><th scope=\"row\">{H(st.Strategy)}</th>"));
            RateCell(o, st.HarmfulBlocked);
            RateCell(o, st.FalsePositives);
            RateCell(o, st.OverRefusal);
            RateCell(o, st.Interventions);
            o.Write(Inv($"<td class=\"r\" data-v=\"{Num(st.LatencyP50Ms)}\">{H(Ms(st.LatencyP50Ms))}</td>"));
            o.Write(Inv($"<td class=\"r\" data-v=\"{Num(st.LatencyP95Ms)}\">{H(Ms(st.LatencyP95Ms))}</td>"));
            o.Write(Inv($"<td class=\"r\" data-v=\"{Num(st.AddedLatencyP50Ms ?? double.NaN)}\">{H(SignedMs(st.AddedLatencyP50Ms))} / {H(SignedMs(st.AddedLatencyP95Ms))}</td>"));
            o.Write(Inv($"<td class=\"r\" data-v=\"{st.Tokens ?? -1}\">{Count(st.Tokens)}</td>"));
            o.Write(Inv($"<td class=\"r{(st.Errors > 0 ? " err" : string.Empty)}\" data-v=\"{st.Errors}\">{Count(st.Errors)}</td>"));
            o.Write(Inv($"<td class=\"r\" data-v=\"{st.Cases}\">{Count(st.Cases)}</td></tr>"));
        }

        o.Write("</tbody></table></section>\n");
    }

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "-1";

    private static void RateCell(TextWriter o, RateEstimate? r)
    {
        if (r is null || r.Total == 0)
        {
            o.Write("<td class=\"r na\" data-v=\"-1\" title=\"no cases\">—</td>");
            return;
        }

        o.Write(Inv($"<td class=\"r\" data-v=\"{Num(r.Rate)}\"><b>{Pct(r.Rate)}</b><span class=\"ci\">{Ci(r)}</span><span class=\"n\">{r.Successes}/{r.Total}</span></td>"));
    }

    private static void Attacks(TextWriter o, EvalSummary s)
    {
        var available = s.Strategies.IsDefault ? [] : s.Strategies.Where(x => x.Available && x.AttackLift.Count > 0).ToList();
        if (available.Count == 0)
        {
            return;
        }

        o.Write("<section id=\"attacks\"><h2>Attacks against the same requests</h2>");
        o.Write("<p class=\"note\">" + H(AttackNote) + "</p>");
        o.Write("<table class=\"sortable attacks\"><thead><tr><th scope=\"col\">Transform</th>");
        foreach (var st in available)
        {
            o.Write(Inv($"<th scope=\"col\" class=\"r\">{H(st.Strategy)}: attack success&#160;↓</th><th scope=\"col\" class=\"r\">same requests as written</th><th scope=\"col\" class=\"r\">lift</th>"));
        }

        o.Write("</tr></thead><tbody>");
        foreach (var t in available.SelectMany(x => x.AttackLift.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            o.Write(Inv($"<tr><th scope=\"row\">{H(t)}</th>"));
            foreach (var st in available)
            {
                if (st.AttackLift.GetValueOrDefault(t) is not { Pairs: > 0 } l)
                {
                    o.Write("<td class=\"r na\" data-v=\"-1\">—</td><td class=\"r na\" data-v=\"-1\">—</td><td class=\"r na\" data-v=\"-1\">—</td>");
                    continue;
                }

                var transformed = l.BothSucceeded + l.TransformedOnly;
                var asWritten = l.BothSucceeded + l.AsWrittenOnly;
                RateCell(o, WilsonInterval.Estimate(transformed, l.Pairs));
                RateCell(o, WilsonInterval.Estimate(asWritten, l.Pairs));
                o.Write(Inv($"<td class=\"r\" data-v=\"{Num(l.Lift)}\"><b>{H(Pp(l.Lift))}</b><span class=\"ci\">{H(Pp(l.Low)[..^3])} to {H(Pp(l.High))}</span><span class=\"n\">+{l.TransformedOnly} / −{l.AsWrittenOnly} of {l.Pairs}</span></td>"));
            }

            o.Write("</tr>");
        }

        o.Write("</tbody></table></section>\n");
    }

    private static void Gates(TextWriter o, EvalSummary s)
    {
        o.Write("<section id=\"gates\"><h2>Gates</h2>");
        if (s.Gates.IsDefaultOrEmpty)
        {
            o.Write("<p class=\"note\">No gates were set (use <code>--fail-under</code> / <code>--fail-over</code>).</p></section>\n");
            return;
        }

        o.Write("<table class=\"gates\"><thead><tr><th scope=\"col\">Metric</th><th scope=\"col\" class=\"r\">Required</th><th scope=\"col\" class=\"r\">Measured</th><th scope=\"col\">Result</th></tr></thead><tbody>");
        foreach (var g in s.Gates)
        {
            o.Write(Inv($"<tr><th scope=\"row\">{H(MetricTitle(g.Metric))} <span class=\"n mono\">{H(g.Metric)}</span></th><td class=\"r\">{H(GateRequirement(g))}</td><td class=\"r\">{H(GateValue(g.Metric, g.Value))}</td>"));
            o.Write(g.Passed ? "<td><span class=\"badge pass\">PASS</span></td></tr>" : "<td><span class=\"badge fail\">FAIL</span></td></tr>");
        }

        o.Write("</tbody></table></section>\n");
    }

    private static void Charts(TextWriter o, EvalSummary s, EvalDistributions dist, int? sampleSize)
    {
        var available = s.Strategies.IsDefault ? [] : s.Strategies.Where(x => x.Available).ToList();
        o.Write("<section id=\"charts\"><h2>Charts</h2><div class=\"charts\">");

        // Blocked rate per category, one bar per strategy.
        var categories = available.SelectMany(x => x.BlockedByCategory.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Figure(o, categories.Count == 0 ? null : EvalCharts.GroupedBars(categories, [.. available.Select(x => Series(x.Strategy, x.BlockedByCategory))],
                new ChartLabels("Harmful blocked by category", "harmful cases blocked (%)", "category") { Description = "Share of harmful cases blocked or refused, per harm category and strategy, with 95% confidence intervals." }),
            categories.Count == 0 ? "No per-category numbers in this run." : "Whiskers are 95% confidence intervals; hover a bar for counts.");

        // Attack success per transform.
        var transforms = available.SelectMany(x => x.AttackSuccess.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(t => t == "none" ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal).ToList();
        Figure(o, transforms.Count == 0 ? null : EvalCharts.GroupedBars(transforms, [.. available.Select(x => Series(x.Strategy, x.AttackSuccess))],
                new ChartLabels("Attack success rate by transform", "attacks that succeeded (%, lower is better)", "transform") { Description = "Share of harmful cases the system complied with, per adversarial transform (\"none\" is every harmful case as written, in every suite), with 95% confidence intervals." }),
            transforms.Count == 0 ? "No attacks in this run (use --attacks)." : "Lower is better. \"none\" pools every harmful case as written (jailbreaks and injections included) while the transforms rewrite only the expanded suites' requests: the table \"Attacks against the same requests\" compares each transform with the same requests as written.");

        // ROC of the classifier score.
        var scores = dist.Scores;
        var positives = scores.Count(x => x.Harmful);
        var negatives = scores.Count - positives;
        var rocNote = sampleSize is { } n ? Inv($" Computed from the {n} sampled cases only, not the whole run.") : string.Empty;
        if (positives > 0 && negatives > 0)
        {
            var m = BinaryMetrics.Compute(scores, 0.5);
            Figure(o, SvgCharts.Roc(m.RocCurve, m.RocAuc, "Classifier ROC",
                    Inv($"ROC curve of the safety classifier's unsafe score on {positives} harmful versus {negatives} benign and contrast cases; area under the curve {m.RocAuc:F3}.")),
                Inv($"Classifier unsafe score, harmful ({positives}) vs benign + contrast ({negatives}).{rocNote}"));
        }
        else
        {
            Figure(o, null, scores.Count == 0
                ? "ROC curve skipped: no classifier scores in these results." + rocNote
                : Inv($"ROC curve skipped: scores exist only for {(positives > 0 ? "harmful" : "benign/contrast")} cases ({scores.Count}); both classes are needed.{rocNote}"));
        }

        // Latency distribution.
        var lat = dist.LatencyMs;
        var hist = available.Select(x => new HistogramSeries(x.Strategy, lat.TryGetValue(x.Strategy, out var v) ? v : [])).ToList();
        Figure(o, hist.Any(h => h.Values.Count > 0)
                ? EvalCharts.Histogram(hist, new ChartLabels("Latency per case", "latency (log scale)", "share of cases") { Description = "Distribution of per-case latency for each strategy; dashed lines are medians." }, logScale: true, bins: 24, formatValue: Ms)
                : null,
            hist.Any(h => h.Values.Count > 0) ? "Dashed lines mark each strategy's median. Errored cases are left out." + (sampleSize is { } k ? Inv($" Computed from the {k} sampled cases only.") : string.Empty) : "No latencies recorded.");
        o.Write("</div></section>\n");
    }

    private static BarSeries Series(string name, IReadOnlyDictionary<string, RateEstimate> rates) =>
        new(name, rates.Where(kv => kv.Value.Total > 0).ToDictionary(kv => kv.Key, kv => new BarValue(kv.Value.Rate, kv.Value.Low, kv.Value.High) { Note = Inv($"{kv.Value.Successes}/{kv.Value.Total}") }, StringComparer.Ordinal));

    private static void Figure(TextWriter o, string? svg, string caption)
    {
        o.Write("<figure>");
        if (svg is not null)
        {
            o.Write(svg);
        }

        o.Write("<figcaption>");
        o.Write(H(caption));
        o.Write("</figcaption></figure>");
    }

    private static void Cases(TextWriter o, IReadOnlyList<CaseResult> sample, HtmlReportOptions options)
    {
        o.Write("<section id=\"notable\"><h2>Notable cases</h2>");
        if (sample.Count == 0)
        {
            o.Write("<p class=\"note\">No notable cases: no false positives, over-refusals, successful attacks or errors were sampled.</p></section>\n");
            return;
        }

        var kinds = sample.Select(r => Kind(r).Text).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // A guard-only run calls no model: every response cell would say so, so the column is left out.
        var responses = sample.Any(r => r.Response is not null || r.Error is not null);
        var shown = options.NotableNote is { } note ? H(note) : Inv($"{sample.Count} cases.");
        var cut = Inv($"cut at {options.TruncateAt} characters (open a cell for more)");
        o.Write(responses
            ? Inv($"<p class=\"note\">{shown} Prompts and responses are shown as plain text, {cut}.</p>")
            : Inv($"<p class=\"note\">{shown} Prompts are shown as plain text, {cut}. ")
                + "There is no response column: no strategy in these cases called a model.</p>");
        o.Write("<div id=\"case-controls\" hidden=\"\"><label>Filter <input id=\"case-filter\" type=\"search\" placeholder=\"id, text, action…\"/></label> <label>Kind <select id=\"case-kind\"><option value=\"\">all</option>");
        foreach (var k in kinds)
        {
            o.Write(Inv($"<option value=\"{H(k)}\">{H(k)}</option>"));
        }

        o.Write("</select></label></div>");
        o.Write(Inv($"<table id=\"cases\" class=\"sortable cases{(responses ? string.Empty : " no-response")}\"><colgroup>"));
        o.Write("<col class=\"w-kind\"/><col class=\"w-id\"/><col class=\"w-where\"/><col class=\"w-act\"/><col class=\"w-num\"/><col class=\"w-lat\"/><col/>");
        o.Write(responses ? "<col/></colgroup>" : "</colgroup>");
        o.Write("<thead><tr><th scope=\"col\">Kind / label</th><th scope=\"col\">Case / strategy</th><th scope=\"col\">Suite, transform, category</th>");
        o.Write("<th scope=\"col\">Action</th><th scope=\"col\" class=\"r\">Score</th><th scope=\"col\" class=\"r\">Latency</th><th scope=\"col\">Prompt</th>");
        o.Write(responses ? "<th scope=\"col\">Response / error</th></tr></thead><tbody>" : "</tr></thead><tbody>");
        foreach (var r in sample)
        {
            var (kind, css) = Kind(r);
            o.Write(Inv($"<tr data-kind=\"{H(kind)}\"><td><span class=\"badge {css}\">{H(kind)}</span><span class=\"sub2\">{H(EvalReportJson.LabelName(r.Label))}</span></td>"));
            o.Write(Inv($"<td title=\"{H(Truncate(r.CaseId, 1000))}\"><span class=\"mono id\">{Ident(Truncate(r.CaseId, 80))}</span>"));
            o.Write(Inv($"<span class=\"sub2\">{Ident(r.Strategy)}</span></td>"));
            o.Write(Inv($"<td class=\"where\"><span>{Ident(r.Suite)}</span><span>{Opt(r.Transform, "no transform")}</span>"));
            o.Write(Inv($"<span>{Opt(r.Category, "no category")}</span></td><td class=\"mono\">{Ident(r.Action)}</td>"));
            o.Write(r.Score is { } sc ? Inv($"<td class=\"r\" data-v=\"{Num(sc)}\">{sc:0.000}</td>") : "<td class=\"r na\" data-v=\"-1\">—</td>");
            o.Write(Inv($"<td class=\"r\" data-v=\"{Num(r.LatencyMs)}\">{H(Ms(r.LatencyMs))}</td>"));
            var prompt = options.Prompts is { } p && p.TryGetValue(r.CaseId, out var text) ? text : r.Prompt;
            TextCell(o, prompt, options.TruncateAt, "prompt not recorded");
            if (responses)
            {
                ResponseCell(o, r, options.TruncateAt);
            }

            o.Write("</tr>\n");
        }

        o.Write("</tbody></table></section>\n");
    }

    private static void ResponseCell(TextWriter o, CaseResult r, int max)
    {
        if (r.Error is { } error)
        {
            o.Write("<td class=\"txt err\">");
            o.Write(H(Truncate(error, FullTextCap)));
            o.Write("</td>");
            return;
        }

        TextCell(o, r.Response, max, r.Refused ? "refused by the guard (no model call)" : "no response recorded");
    }

    /// <summary>An identifier (case id, strategy, category, action) that may break after '_', '-', '.' or ':' but never mid-word.</summary>
    private static string Ident(string? s) => H(s).Replace("_", "_<wbr/>", StringComparison.Ordinal).Replace("-", "-<wbr/>", StringComparison.Ordinal)
        .Replace(".", ".<wbr/>", StringComparison.Ordinal).Replace(":", ":<wbr/>", StringComparison.Ordinal);

    private static string Opt(string? s, string missing) => s is null ? "<i class=\"na\">" + missing + "</i>" : Ident(s);

    private static void TextCell(TextWriter o, string? text, int max, string missing)
    {
        if (text is null)
        {
            o.Write(Inv($"<td class=\"txt na\">{H(missing)}</td>"));
            return;
        }

        o.Write("<td class=\"txt\"><div class=\"clip\">");
        o.Write(text.Length <= max
            ? H(text)
            : Inv($"<details><summary>{H(Truncate(text, max))}</summary>{H(Truncate(text, FullTextCap))}</details>"));
        o.Write("</div></td>");
    }
}
