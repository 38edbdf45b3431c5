using System.CommandLine;
using System.Globalization;
using AlignLab.Classification;
using AlignLab.IO;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab eval-classifier --input FILE --label-column L</c>: accuracy, precision, recall, F1, FPR, AUCs, ECE, per category.</summary>
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
        var cmd = new Command("eval-classifier", "Evaluate the classifier on a labelled file: metrics per category, calibration (ECE) with a reliability diagram, top errors.")
        {
            input, textColumn, labelColumn, model, report, json, top, maxRecordChars,
        };
        cmd.SetAction((parse, cancellationToken) =>
        {
            var maxChars = CommonOptions.MaxRecordCharsValue(parse, maxRecordChars);
            var classifier = ModelSource.Load(parse.GetValue(model));
            var file = parse.GetValue(input)!;
            var data = new List<LabeledText>();
            var skipped = 0;
            try
            {
                foreach (var record in TabularInput.Read(file, parse.GetValue(textColumn)!, parse.GetValue(labelColumn), maxRecordChars: maxChars))
                {
                    if (LabelParser.Parse(record, file.Name) is { } labelled)
                    {
                        data.Add(labelled);
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

            var evaluation = ClassifierEvaluator.Evaluate(classifier, data, file.Name, parse.GetValue(top), cancellationToken);
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

        Examples(console, "Top false positives", e.TopFalsePositives);
        Examples(console, "Top false negatives", e.TopFalseNegatives);
    }

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
