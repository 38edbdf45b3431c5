using System.CommandLine;
using System.Globalization;
using AlignLab.Classification;
using AlignLab.Evaluation.Fairness;
using AlignLab.IO;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab eval-classifier --input FILE --label-column L [--group-column G]</c>: accuracy, precision, recall, F1, FPR, AUCs, ECE,
/// per category, and with a group column recall and FPR per group with the worst-to-best ratio.
/// </summary>
internal static class EvalClassifierCommand
{
    public static Command Create(CliContext ctx)
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "Labelled .csv, .jsonl or .json file.", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "Column holding the text.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column", "-l") { Description = "Column holding the label: 1/0, true/false, harmful/benign, unsafe/safe, or a harm category id.", Required = true };
        var model = new Option<string?>("--model", "-m") { Description = "Model file (default: the embedded model)." };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write metrics.json and report.html (reliability diagram, ROC) here." };
        var json = CommonOptions.Json();
        var top = new Option<int>("--top") { Description = "How many top false positives / negatives to list.", DefaultValueFactory = _ => 10 };
        var maxRecordChars = CommonOptions.MaxRecordChars();
        var groupColumn = new Option<string?>("--group-column", "-g")
        {
            Description = "Column naming each text's group (e.g. target_group, target_ident, axis): recall and FPR per group with 95% intervals "
                + "and the worst-to-best ratio over the groups large enough to compare.",
        };
        var minGroupSize = new Option<int>("--min-group-size")
        {
            Description = "Fewest unsafe (for recall) or benign (for FPR) texts a group needs to be compared; smaller groups are shown and flagged.",
            DefaultValueFactory = _ => GroupFairness.DefaultMinGroupSize,
        };
        var cmd = new Command("eval-classifier", "Evaluate the classifier on a labelled file: metrics per category, calibration (ECE) with a reliability diagram, top errors.")
        {
            input, textColumn, labelColumn, model, report, json, top, maxRecordChars, groupColumn, minGroupSize,
        };
        cmd.SetAction((parse, cancellationToken) =>
        {
            var maxChars = CommonOptions.MaxRecordCharsValue(parse, maxRecordChars);
            var group = parse.GetValue(groupColumn);
            if (parse.GetValue(minGroupSize) < 1)
            {
                throw new CliUsageException($"--min-group-size must be at least 1, not {parse.GetValue(minGroupSize)}");
            }

            var classifier = ModelSource.Load(parse.GetValue(model));
            var file = parse.GetValue(input)!;
            var data = new List<LabeledText>();
            var groups = new List<string?>();
            var skipped = 0;
            try
            {
                var records = TabularInput.Read(file, parse.GetValue(textColumn)!, parse.GetValue(labelColumn), maxRecordChars: maxChars,
                    groupColumn: group);
                foreach (var record in records)
                {
                    if (LabelParser.Parse(record, file.Name) is { } labelled)
                    {
                        data.Add(labelled);
                        groups.Add(record.Group);
                    }
                    else
                    {
                        skipped++;
                    }
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
            {
                throw new CliUsageException(ex.Message);
            }

            if (data.Count == 0)
            {
                throw new CliUsageException($"{file.Name}: no record had a recognisable label (skipped {skipped})");
            }

            var evaluation = group is null
                ? ClassifierEvaluator.Evaluate(classifier, data, file.Name, parse.GetValue(top), cancellationToken)
                : ClassifierEvaluator.Evaluate(classifier, data, file.Name, new GroupAssignment(group, groups, parse.GetValue(minGroupSize)),
                    parse.GetValue(top), cancellationToken);
            if (parse.GetValue(report) is { } dir)
            {
                Directory.CreateDirectory(dir.FullName);
                File.WriteAllText(Path.Combine(dir.FullName, "metrics.json"), ClassifierReportWriter.ToJson([evaluation]));
                File.WriteAllText(Path.Combine(dir.FullName, "report.html"), ClassifierReportWriter.ToHtml(evaluation));
            }

            if (parse.GetValue(json))
            {
                ctx.Output.WriteLine(ClassifierReportWriter.ToJson([evaluation]));
                return Task.FromResult(ExitCodes.Ok);
            }

            Render(ctx.Console, evaluation, skipped);
            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }

    private static void Render(IAnsiConsole console, ClassifierEvaluation e, int skipped)
    {
        var m = e.Unsafe;
        console.MarkupLine($"[bold]{Markup.Escape(e.Set)}[/]: {m.Count:N0} texts ({m.Positives:N0} unsafe){(skipped > 0 ? $", {skipped} skipped (unrecognised label)" : string.Empty)}, threshold {m.Threshold:0.000}");
        var summary = new Table().AddColumns("accuracy", "precision", "recall", "F1", "FPR", "ROC-AUC", "PR-AUC", "ECE");
        summary.AddRow(P(m.Accuracy), P(m.Precision), P(m.Recall), F(m.F1), P(m.FalsePositiveRate), F(m.RocAuc), F(m.PrAuc), F(m.Ece));
        console.Write(summary);
        console.MarkupLine($"Confusion (unsafe): TP {m.TruePositives}, FP {m.FalsePositives}, TN {m.TrueNegatives}, FN {m.FalseNegatives}");
        if (e.Categories.Count > 0)
        {
            var table = new Table().AddColumns("category", "positives", "precision", "recall", "F1", "FPR", "ROC-AUC");
            foreach (var (name, c) in e.Categories.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                table.AddRow(name, c.Positives.ToString(CultureInfo.InvariantCulture), P(c.Precision), P(c.Recall), F(c.F1), P(c.FalsePositiveRate), F(c.RocAuc));
            }

            console.Write(table);
        }

        if (e.Groups is { } groups)
        {
            RenderGroups(console, groups);
        }

        Examples(console, "Top false positives", e.TopFalsePositives);
        Examples(console, "Top false negatives", e.TopFalseNegatives);
    }

    private static void RenderGroups(IAnsiConsole console, GroupFairnessReport report)
    {
        console.MarkupLine($"[bold]Per group[/] ({Markup.Escape(report.Column)}): rates with their 95% Wilson interval");
        var table = new Table().AddColumns("group", "texts", "unsafe", "recall", "benign", "FPR");
        foreach (var g in report.Groups)
        {
            table.AddRow(Markup.Escape(g.Group), g.Count.ToString(CultureInfo.InvariantCulture), g.Positives.ToString(CultureInfo.InvariantCulture),
                GroupRate(g.Recall, g.RecallEstimable), g.Negatives.ToString(CultureInfo.InvariantCulture),
                GroupRate(g.FalsePositiveRate, g.FprEstimable));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(GroupFairnessWriter.Summary(report.FalsePositiveRate)));
        console.MarkupLine(Markup.Escape(GroupFairnessWriter.Summary(report.Recall)));
        var small = report.TooSmall.Count();
        if (small > 0)
        {
            console.MarkupLine($"[yellow]{small} group(s) have fewer than {report.MinGroupSize} texts of a class[/] (marked *): "
                + "shown with their interval, left out of the worst-to-best comparison");
        }
    }

    private static string GroupRate(Evaluation.RateEstimate r, bool estimable) =>
        Markup.Escape(GroupFairnessWriter.Pct(r)) + (estimable || r.Total == 0 ? "" : " [yellow]*[/]");

    private static void Examples(IAnsiConsole console, string title, IReadOnlyList<ScoredText> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        console.MarkupLine($"[bold]{title}[/]");
        foreach (var s in items)
        {
            var text = s.Text.Replace('\n', ' ');
            console.MarkupLine($"  {s.Score:0.000}  {Markup.Escape(text.Length > 100 ? text[..97] + "..." : text)}");
        }
    }

    private static string P(double v) => double.IsFinite(v) ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string F(double v) => double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";
}
