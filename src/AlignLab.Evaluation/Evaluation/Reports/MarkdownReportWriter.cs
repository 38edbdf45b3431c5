using System.Globalization;
using static AlignLab.Evaluation.Reports.ReportFormat;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// Writes an evaluation run as GitHub-flavoured Markdown for CI job summaries: the run, the strategy table with 95%
/// intervals, attack success per transform, and the gates. Text from the data is escaped (markup and table syntax).
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>Writes the report.</summary>
    public static void Write(EvalSummary summary, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(output);
        var strategies = summary.Strategies.IsDefault ? [] : summary.Strategies;
        var gates = summary.Gates.IsDefault ? [] : summary.Gates;
        var failed = gates.Count(g => !g.Passed);
        output.Write("## AlignLab evaluation");
        output.Write(gates.Length == 0 ? "\n\n" : failed == 0 ? " — ✅ gates passed\n\n" : Inv($" — ❌ {failed} of {gates.Length} gates failed\n\n"));
        output.Write(Inv($"Run {Md(summary.RunId)} · policy {Md(summary.Policy)} · {(summary.Model is null ? "guard only (no model)" : "model " + Md(summary.Model))} · {Count(summary.Cases)} cases · seed {summary.Seed} · {summary.DurationSeconds:0.0} s\n\n"));
        output.Write(Inv($"Suites: {List(summary.Suites)} · attacks: {List(summary.Attacks)}\n\n"));

        output.Write("| Strategy | Harmful blocked ↑ | False positives ↓ | Over-refusal ↓ | Interventions | p50 | p95 | Added p50 / p95 | Tokens | Errors |\n");
        output.Write("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var s in strategies)
        {
            if (!s.Available)
            {
                output.Write(Inv($"| {Md(s.Strategy)} | *{Md(Unavailable(summary, s))}* | | | | | | | | |\n"));
                continue;
            }

            output.Write(Inv($"| {Md(s.Strategy)} | {RateShort(s.HarmfulBlocked)} | {RateShort(s.FalsePositives)} | {RateShort(s.OverRefusal)} | {RateShort(s.Interventions)} | {Ms(s.LatencyP50Ms)} | {Ms(s.LatencyP95Ms)} | {SignedMs(s.AddedLatencyP50Ms)} / {SignedMs(s.AddedLatencyP95Ms)} | {Count(s.Tokens)} | {s.Errors} |\n"));
        }

        output.Write("\nRates with 95% confidence intervals. Harmful blocked = harmful cases blocked or refused. " + LatencyNote + "\n");

        var withAttacks = strategies.Where(s => s.Available && s.AttackSuccess.Count > 0).ToList();
        if (withAttacks.Count > 0)
        {
            var transforms = withAttacks.SelectMany(s => s.AttackSuccess.Keys).Distinct(StringComparer.Ordinal)
                .OrderBy(t => t == "none" ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal).ToList();
            output.Write("\n### Attack success rate by transform (lower is better)\n\n| Transform | ");
            output.Write(string.Join(" | ", withAttacks.Select(s => Md(s.Strategy) + " | " + Md(s.Strategy) + ": lift over as written, same requests")));
            output.Write(" |\n|---|" + string.Concat(Enumerable.Repeat("---:|---:|", withAttacks.Count)) + "\n");
            foreach (var t in transforms)
            {
                output.Write("| " + Md(t == "none" ? AsWrittenLabel : t) + " | ");
                output.Write(string.Join(" | ", withAttacks.Select(s => RateShort(s.AttackSuccess.GetValueOrDefault(t)) + " | " + (t == "none" ? "—" : LiftLong(s.AttackLift.GetValueOrDefault(t))))));
                output.Write(" |\n");
            }

            if (withAttacks.Any(s => s.AttackSuccessTransformed is not null))
            {
                output.Write("| every transform, pooled | ");
                output.Write(string.Join(" | ", withAttacks.Select(s => RateShort(s.AttackSuccessTransformed) + " | —")));
                output.Write(" |\n");
            }

            output.Write("\n" + AttackNote + "\n");
        }

        Capability(output, summary, strategies);
        Principles.PrincipleAdherenceReport.WriteMarkdown(output, summary);
        output.Write("\n### Gates\n\n");
        if (gates.Length == 0)
        {
            output.Write("No gates were set.\n");
            return;
        }

        output.Write("| Metric | Required | Measured | Result |\n|---|---:|---:|---|\n");
        foreach (var g in gates)
        {
            output.Write(Inv($"| {Md(MetricTitle(g.Metric))} | {Md(GateRequirement(g))} | {Md(GateValue(g.Metric, g.Value))} | {(g.Passed ? "✅ pass" : "❌ **fail**")} |\n"));
        }
    }

    private static void Capability(TextWriter output, EvalSummary summary, System.Collections.Immutable.ImmutableArray<StrategySummary> strategies)
    {
        var notes = summary.CapabilityNotes.IsDefault ? [] : summary.CapabilityNotes;
        var rows = strategies.Where(s => s.Available && s.Capability is not null).ToList();
        if (rows.Count == 0 && notes.IsEmpty)
        {
            return;
        }

        output.Write("\n### Safety and capability\n\n");
        foreach (var n in notes)
        {
            output.Write("- not run: " + Md(n) + "\n");
        }

        if (rows.Count == 0)
        {
            return;
        }

        var tasks = (summary.CapabilityTasks.IsDefault ? [] : summary.CapabilityTasks).Where(t => rows.Any(r => r.Capability!.Tasks.ContainsKey(t))).ToList();
        output.Write((notes.IsEmpty ? "" : "\n") + "| Strategy | Harmful blocked ↑ | Capability ↑ | Δ vs baseline | Benign refusal ↓ | " + string.Concat(tasks.Select(t => Md(t) + " | ")) + "Errors |\n");
        output.Write("|---|---:|---:|---:|---:|" + string.Concat(Enumerable.Repeat("---:|", tasks.Count)) + "---:|\n");
        foreach (var s in rows)
        {
            var c = s.Capability!;
            output.Write(Inv($"| {Md(s.Strategy)} | {RateShort(s.HarmfulBlocked)} | {Score(c.Score, false)} | {Score(c.Delta, true)} | {RateShort(c.BenignRefusal)} | "));
            output.Write(string.Concat(tasks.Select(t => Score(c.Tasks.GetValueOrDefault(t), false) + " | ")));
            output.Write(Inv($"{c.Errors} |\n"));
        }

        output.Write("\nCapability = mean accuracy over the capability tasks; Δ = percentage points against the baseline on the same items (paired 95% bootstrap); helpfulness = win-rate against the baseline (50% = parity).\n");
    }

    private static string Score(AlignLab.Evaluation.Capability.ScoreInterval? v, bool signed) =>
        v is null ? "–"
        : signed ? Inv($"{(v.Value >= 0 ? "+" : "−")}{Math.Abs(v.Value) * 100:0.0} pp [{v.Low * 100:0.0}, {v.High * 100:0.0}]")
        : Inv($"{v.Value * 100:0.0}% [{v.Low * 100:0.0}, {v.High * 100:0.0}]");

    /// <summary>The report as a string.</summary>
    public static string ToMarkdown(EvalSummary summary)
    {
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        Write(summary, sw);
        return sw.ToString();
    }

    private static string List(System.Collections.Immutable.ImmutableArray<string> items) =>
        items.IsDefaultOrEmpty ? "none" : string.Join(", ", items.Select(Md));
}
