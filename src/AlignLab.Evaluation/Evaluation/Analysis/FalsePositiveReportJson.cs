using System.Text.Json;
using AlignLab.Evaluation.Reports;
using AlignLab.IO;

namespace AlignLab.Evaluation.Analysis;

/// <summary>
/// <see cref="FalsePositiveReport"/> as a stable JSON document: snake_case names, every property always present
/// (null when it does not apply), causes in report order.
/// </summary>
public static class FalsePositiveReportJson
{
    /// <summary>The value of the <c>schema</c> property.</summary>
    public const string Schema = "alignlab.analyze.false_positives/1";

    /// <summary>The report as indented JSON, with a final newline.</summary>
    public static string Write(FalsePositiveReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonText.Write(JsonText.Indented, w => Write(w, report)) + "\n";
    }

    private static void Write(Utf8JsonWriter w, FalsePositiveReport r)
    {
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteString("policy", r.Policy);
        w.WriteBoolean("classifier", r.Classifier);
        w.WriteStringOrNull("context", r.Context);
        w.WriteStringOrNull("profile", r.Profile);
        w.WriteNumber("cases", r.Cases);
        w.WriteNumber("skipped_harmful", r.SkippedHarmful);
        if (r.HarmfulChecked is { } harmfulChecked)
        {
            w.WriteNumber("harmful_checked", harmfulChecked);
        }
        else
        {
            w.WriteNull("harmful_checked");
        }

        w.WriteNumber("false_positives", r.FalsePositives);
        w.WriteNumber("rate", r.Rate);
        w.WriteStartArray("causes");
        foreach (var c in r.Causes)
        {
            WriteCause(w, c);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCause(Utf8JsonWriter w, FalsePositiveCause c)
    {
        w.WriteStartObject();
        w.WriteString("kind", KindName(c.Kind));
        w.WriteString("id", c.Id);
        w.WriteString("action", c.Action);
        w.WriteNumber("count", c.Count);
        w.WriteNumber("share", c.Share);
        Phrases(w, "phrases", c.Phrases);
        w.WriteStartArray("examples");
        foreach (var e in c.Examples)
        {
            w.WriteStartObject();
            w.WriteString("case_id", e.CaseId);
            w.WriteString("suite", e.Suite);
            w.WriteString("label", EvalReportJson.LabelName(e.Label));
            w.WriteString("action", e.Action);
            w.WriteString("text", e.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("suggestion");
        w.WriteString("text", c.Suggestion);
        Phrases(w, "unless_candidates", c.UnlessCandidates);
        w.WriteBoolean("never_relaxed", c.NeverRelaxed);
        if (c.HarmfulChecked is { } relevant)
        {
            w.WriteNumber("harmful_checked", relevant);
        }
        else
        {
            w.WriteNull("harmful_checked");
        }

        w.WriteStartArray("rejected_candidates");
        foreach (var r in c.RejectedCandidates)
        {
            w.WriteStartObject();
            w.WriteString("text", r.Text);
            w.WriteNumber("harmful_let_through", r.HarmfulLetThrough);
            w.WriteStartArray("examples");
            foreach (var id in r.Examples)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStringOrNull("existing_unless", c.ExistingUnless);
        NumberOrNull(w, "threshold", c.Threshold);
        if (c.Scores is { } s)
        {
            w.WriteStartObject("scores");
            w.WriteNumber("min", s.Min);
            w.WriteNumber("p25", s.P25);
            w.WriteNumber("p50", s.P50);
            w.WriteNumber("p75", s.P75);
            w.WriteNumber("max", s.Max);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("scores");
        }

        NumberOrNull(w, "threshold_clearing_all", c.ThresholdClearingAll);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The snake_case name of a cause kind: rule, classifier, failure.</summary>
    public static string KindName(FalsePositiveCauseKind kind) => kind switch
    {
        FalsePositiveCauseKind.Rule => "rule",
        FalsePositiveCauseKind.Classifier => "classifier",
        _ => "failure",
    };

    private static void Phrases(Utf8JsonWriter w, string name, IReadOnlyList<PhraseCount> phrases)
    {
        w.WriteStartArray(name);
        foreach (var p in phrases)
        {
            w.WriteStartObject();
            w.WriteString("text", p.Text);
            w.WriteNumber("count", p.Count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void NumberOrNull(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } d && double.IsFinite(d))
        {
            w.WriteNumber(name, d);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
