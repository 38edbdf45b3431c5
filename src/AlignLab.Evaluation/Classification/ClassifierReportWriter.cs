using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Evaluation.Fairness;
using AlignLab.Metrics;
using AlignLab.IO;

namespace AlignLab.Classification;

/// <summary>Writes classifier evaluations as JSON and as a self-contained HTML page with SVG charts.</summary>
public static class ClassifierReportWriter
{
    /// <summary>The evaluations (and optional robustness results) as one JSON document.</summary>
    public static string ToJson(IReadOnlyList<ClassifierEvaluation> evaluations, IReadOnlyList<RobustnessResult>? robustness = null, string? extraJsonProperty = null, string? extraJson = null)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        return JsonText.Write(JsonText.Indented, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("sets");
            foreach (var e in evaluations)
            {
                w.WriteStartObject(e.Set);
                WriteMetrics(w, "unsafe", e.Unsafe);
                w.WriteStartObject("categories");
                foreach (var (name, m) in e.Categories)
                {
                    WriteMetrics(w, name, m);
                }

                w.WriteEndObject();
                w.WriteStartObject("confusion");
                foreach (var (truth, row) in e.Confusion.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WriteStartObject(truth);
                    foreach (var (pred, n) in row.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    {
                        w.WriteNumber(pred, n);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
                WriteExamples(w, "top_false_positives", e.TopFalsePositives);
                WriteExamples(w, "top_false_negatives", e.TopFalseNegatives);
                if (e.Groups is { } groups)
                {
                    GroupFairnessWriter.WriteJson(w, "groups", groups);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            if (robustness is not null)
            {
                w.WriteStartArray("robustness");
                foreach (var r in robustness)
                {
                    w.WriteStartObject();
                    w.WriteString("transform", r.Transform);
                    w.WriteNumber("cases", r.Cases);
                    w.WriteNumber("clean_recall", Round(r.CleanRecall));
                    w.WriteNumber("transformed_recall", Round(r.TransformedRecall));
                    w.WriteNumber("recall_drop_points", Round(r.RecallDropPoints));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (extraJsonProperty is not null && extraJson is not null)
            {
                w.WritePropertyName(extraJsonProperty);
                using var doc = JsonDocument.Parse(extraJson);
                doc.WriteTo(w);
            }

            w.WriteEndObject();
        });
    }

    /// <summary>A single HTML page: summary table, reliability diagram, ROC curve, per-category table, top errors.</summary>
    public static string ToHtml(ClassifierEvaluation e, IReadOnlyList<RobustnessResult>? robustness = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var u = e.Unsafe;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>AlignLab classifier evaluation</title>");
        sb.Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;font-size:.85rem;text-align:right}td:first-child,th:first-child{text-align:left}.charts{display:flex;gap:2rem;flex-wrap:wrap}.ex td{text-align:left;max-width:60rem}</style></head><body>");
        sb.Append(Inv($"<h1>Classifier evaluation: {H(e.Set)}</h1><p>{u.Count:N0} texts, {u.Positives:N0} unsafe. Threshold {u.Threshold:F3}.</p>"));
        sb.Append("<table><tr><th>metric</th><th>value</th></tr>");
        foreach (var (k, v) in new (string, double)[] { ("accuracy", u.Accuracy), ("precision", u.Precision), ("recall", u.Recall), ("F1", u.F1), ("false-positive rate", u.FalsePositiveRate), ("ROC-AUC", u.RocAuc), ("PR-AUC", u.PrAuc), ("ECE", u.Ece) })
        {
            sb.Append(Inv($"<tr><td>{k}</td><td>{v:F4}</td></tr>"));
        }

        sb.Append("</table><div class=\"charts\">");
        sb.Append(SvgCharts.Reliability(u.Reliability, "Reliability (unsafe)"));
        sb.Append(SvgCharts.Roc(u.RocCurve, u.RocAuc, "ROC (unsafe)"));
        sb.Append("</div><h2>Per category</h2><table><tr><th>category</th><th>positives</th><th>precision</th><th>recall</th><th>F1</th><th>FPR</th><th>ROC-AUC</th><th>threshold</th></tr>");
        foreach (var (name, m) in e.Categories.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(Inv($"<tr><td>{H(name)}</td><td>{m.Positives}</td><td>{m.Precision:F3}</td><td>{m.Recall:F3}</td><td>{m.F1:F3}</td><td>{m.FalsePositiveRate:F3}</td><td>{m.RocAuc:F3}</td><td>{m.Threshold:F3}</td></tr>"));
        }

        sb.Append("</table>");
        if (e.Groups is { } groups)
        {
            sb.Append(GroupFairnessWriter.ToHtml(groups));
        }

        if (robustness is { Count: > 0 })
        {
            sb.Append("<h2>Robustness (unsafe recall)</h2><table><tr><th>transform</th><th>clean</th><th>transformed</th><th>drop (points)</th></tr>");
            foreach (var r in robustness)
            {
                sb.Append(Inv($"<tr><td>{H(r.Transform)}</td><td>{r.CleanRecall:P1}</td><td>{r.TransformedRecall:P1}</td><td>{r.RecallDropPoints:F1}</td></tr>"));
            }

            sb.Append("</table>");
        }

        AppendExamples(sb, "Top false positives (benign, at or above the unsafe threshold, highest first)", e.TopFalsePositives);
        AppendExamples(sb, "Top false negatives (unsafe, below the unsafe threshold, lowest first)", e.TopFalseNegatives);
        sb.Append("</body></html>");
        return sb.ToString();
    }

    private static void AppendExamples(StringBuilder sb, string title, IReadOnlyList<ScoredText> items)
    {
        sb.Append(Inv($"<h2>{H(title)}</h2><table class=\"ex\"><tr><th>score</th><th>source</th><th>text</th></tr>"));
        foreach (var s in items)
        {
            sb.Append(Inv($"<tr><td>{s.Score:F3}</td><td>{H(s.Source)}</td><td>{H(s.Text)}</td></tr>"));
        }

        sb.Append("</table>");
    }

    private static void WriteMetrics(Utf8JsonWriter w, string name, BinaryMetrics m)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", m.Count);
        w.WriteNumber("positives", m.Positives);
        w.WriteNumber("threshold", Round(m.Threshold));
        w.WriteNumber("accuracy", Round(m.Accuracy));
        w.WriteNumber("precision", Round(m.Precision));
        w.WriteNumber("recall", Round(m.Recall));
        w.WriteNumber("f1", Round(m.F1));
        w.WriteNumber("fpr", Round(m.FalsePositiveRate));
        WriteNumberOrNull(w, "roc_auc", m.RocAuc);
        WriteNumberOrNull(w, "pr_auc", m.PrAuc);
        w.WriteNumber("ece", Round(m.Ece));
        w.WriteStartObject("confusion");
        w.WriteNumber("tp", m.TruePositives);
        w.WriteNumber("fp", m.FalsePositives);
        w.WriteNumber("tn", m.TrueNegatives);
        w.WriteNumber("fn", m.FalseNegatives);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v))
        {
            w.WriteNumber(name, Round(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteExamples(Utf8JsonWriter w, string name, IReadOnlyList<ScoredText> items)
    {
        w.WriteStartArray(name);
        foreach (var s in items)
        {
            w.WriteStartObject();
            w.WriteString("id", s.Id);
            w.WriteString("source", s.Source);
            w.WriteNumber("score", Round(s.Score));
            w.WriteString("predicted", s.PredictedCategory);
            w.WriteString("text", s.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static double Round(double v) => Math.Round(v, 4);

    private static string H(string s) => WebUtility.HtmlEncode(s);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
