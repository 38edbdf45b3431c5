using System.Text.Json;

namespace AlignLab.Classification;

/// <summary>
/// The leave-one-source-out report (<see cref="OutOfDistributionEvaluator"/>): per source and macro figures, each source
/// scored by a model that never saw it.
/// </summary>
public sealed record OutOfDistributionReport
{
    /// <summary>Every scored source: training sources (one fold each) first, then evaluation-only suites.</summary>
    public required IReadOnlyList<SourceOutcome> Sources { get; init; }

    /// <summary>Mean recall over the sources with unsafe rows that count in the macro, each at its model's own threshold.</summary>
    public required double MacroRecall { get; init; }

    /// <summary>Mean false-positive rate over the sources with benign rows that count in the macro, at each model's own threshold.</summary>
    public required double MacroFalsePositiveRate { get; init; }

    /// <summary><see cref="MacroRecall"/> at each source's <see cref="SourceOutcome.UnfamiliarThreshold"/> (chosen without it).</summary>
    public required double UnfamiliarMacroRecall { get; init; }

    /// <summary><see cref="MacroFalsePositiveRate"/> at each source's <see cref="SourceOutcome.UnfamiliarThreshold"/>.</summary>
    public required double UnfamiliarMacroFalsePositiveRate { get; init; }

    /// <summary>
    /// The threshold for unfamiliar traffic chosen on every source's held-out scores: the lowest whose macro false-positive
    /// rate is at most <see cref="TargetMacroFalsePositiveRate"/>.
    /// </summary>
    public required double UnfamiliarThreshold { get; init; }

    /// <summary>The macro false-positive budget of the threshold for unfamiliar traffic.</summary>
    public required double TargetMacroFalsePositiveRate { get; init; }

    /// <summary>How the fold models were trained (bucket bits, epochs, second tier), as text.</summary>
    public required string FoldModel { get; init; }

    /// <summary>Folds trained at once.</summary>
    public required int Parallelism { get; init; }

    /// <summary>Wall-clock time of the whole report.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Writes the report as one JSON object.</summary>
    public string ToJson() => IO.JsonText.Write(IO.JsonText.Indented, Write);

    /// <summary>Writes the report as one JSON object.</summary>
    public void Write(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("protocol", "leave-one-source-out: each training source scored by a model trained without it (train and validation rows of "
            + "the source removed); evaluation-only suites scored by the full model; macro = unweighted mean over sources");
        w.WriteString("fold_model", FoldModel);
        w.WriteNumber("parallelism", Parallelism);
        w.WriteNumber("elapsed_seconds", Math.Round(Elapsed.TotalSeconds, 1));
        w.WriteNumber("macro_recall", Round(MacroRecall));
        w.WriteNumber("macro_fpr", Round(MacroFalsePositiveRate));
        w.WriteNumber("unfamiliar_threshold", Round(UnfamiliarThreshold));
        w.WriteNumber("unfamiliar_target_macro_fpr", TargetMacroFalsePositiveRate);
        w.WriteNumber("unfamiliar_macro_recall", Round(UnfamiliarMacroRecall));
        w.WriteNumber("unfamiliar_macro_fpr", Round(UnfamiliarMacroFalsePositiveRate));
        w.WriteStartArray("sources");
        foreach (var s in Sources)
        {
            w.WriteStartObject();
            w.WriteString("source", s.Source);
            w.WriteString("role", s.Role);
            w.WriteNumber("unsafe", s.Unsafe);
            w.WriteNumber("benign", s.Benign);
            w.WriteNumber("threshold", Round(s.Threshold));
            Nullable(w, "recall", s.Recall);
            Nullable(w, "fpr", s.FalsePositiveRate);
            w.WriteNumber("unfamiliar_threshold", Round(s.UnfamiliarThreshold));
            Nullable(w, "unfamiliar_recall", s.UnfamiliarRecall);
            Nullable(w, "unfamiliar_fpr", s.UnfamiliarFalsePositiveRate);
            Nullable(w, "roc_auc", s.RocAuc);
            if (s.OutsideMacro is not null)
            {
                w.WriteString("outside_macro", s.OutsideMacro);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Round(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static double Round(double v) => Math.Round(v, 4);
}
