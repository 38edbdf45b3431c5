using System.Text.Json;
using AlignLab.Encoders.Heads;
using AlignLab.Encoders.Tiers;
using AlignLab.Encoders.Training;
using AlignLab.IO;

namespace AlignLab.Cli.Commands;

/// <summary>models/contextual_metrics.json: the shipped head, its test-split figures and the leave-one-source-out report.</summary>
internal static class ContextualMetricsJson
{
    public static string Write(ContextualHead head, SplitMetrics fastTest, SplitMetrics stackedTest, IReadOnlyList<ScoredRow>? ood, ContextualTierOptions band)
    {
        return JsonText.Write(JsonText.Indented, w =>
        {
            w.WriteStartObject();
            w.WriteString("encoder", head.Encoder);
            w.WriteNumber("hidden_units", head.HiddenUnits);
            w.WriteString("fast_model_sha256", head.FastModelDigest);
            w.WriteStartObject("stack");
            w.WriteNumber("fast", Math.Round(head.StackFast, 5));
            w.WriteNumber("context", Math.Round(head.StackContext, 5));
            w.WriteNumber("bias", Math.Round(head.StackBias, 5));
            w.WriteNumber("threshold", Math.Round(head.Threshold, 5));
            w.WriteEndObject();
            w.WriteStartObject("test");
            Split(w, "fast", fastTest);
            Split(w, "contextual_always", stackedTest);
            w.WriteEndObject();
            if (ood is not null)
            {
                WriteOod(w, ood, band);
            }

            w.WriteEndObject();
        });
    }

    private static void WriteOod(Utf8JsonWriter w, IReadOnlyList<ScoredRow> ood, ContextualTierOptions band)
    {
        var outcomes = OodSummary.Outcomes(ood, band.BandLow, band.BandHigh);
        var systems = outcomes[0].Recall.Keys.Order(StringComparer.Ordinal).ToList();
        w.WriteStartObject("leave_one_source_out");
        w.WriteNumber("band_low", band.BandLow);
        w.WriteNumber("band_high", band.BandHigh);
        w.WriteNumber("min_rows_per_source", OodSummary.MinRows);
        w.WriteStartObject("macro");
        foreach (var s in systems)
        {
            w.WriteStartObject(s);
            Number(w, "recall", OodSummary.MacroRecall(outcomes, s));
            Number(w, "fpr", OodSummary.MacroFpr(outcomes, s));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        var fastFpr = OodSummary.MacroFpr(outcomes, "fast");
        w.WriteStartObject("at_fast_macro_fpr");
        Number(w, "fast_recall", OodSummary.MacroRecall(outcomes, "fast"));
        Number(w, "fast_fpr", fastFpr);
        foreach (var kind in ood[0].Stacked.Keys.Order(StringComparer.Ordinal))
        {
            var (threshold, recall, fpr) = OodSummary.AtMacroFpr(ood, kind, fastFpr);
            w.WriteStartObject(kind);
            Number(w, "threshold", threshold);
            Number(w, "recall", recall);
            Number(w, "fpr", fpr);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartArray("sources");
        foreach (var o in outcomes)
        {
            w.WriteStartObject();
            w.WriteString("source", o.Source);
            w.WriteNumber("unsafe", o.Unsafe);
            w.WriteNumber("benign", o.Benign);
            foreach (var s in systems)
            {
                w.WriteStartObject(s);
                Number(w, "recall", o.Recall[s]);
                Number(w, "fpr", o.Fpr[s]);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Split(Utf8JsonWriter w, string name, SplitMetrics m)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", m.Count);
        w.WriteNumber("positives", m.Positives);
        Number(w, "accuracy", m.Accuracy);
        Number(w, "recall", m.Recall);
        Number(w, "fpr", m.Fpr);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 4));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
