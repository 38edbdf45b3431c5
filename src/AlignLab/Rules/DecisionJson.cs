using System.Text;
using System.Text.Json;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Normalization;
using AlignLab.IO;

namespace AlignLab.Rules;

/// <summary>
/// Writes a <see cref="Decision"/> as the stable JSON decision trace (snake_case keys; documented in
/// docs/TRACE.md). Offsets are UTF-16 code-unit indexes into the original input.
/// </summary>
public static class DecisionJson
{
    /// <summary>The decision as a JSON string.</summary>
    public static string Serialize(Decision decision, bool indented = true)
    {
        return JsonText.Write(indented ? JsonText.Indented : JsonText.Compact, writer =>
        {
            Write(writer, decision);
        });
    }

    /// <summary>Writes the decision as one JSON object.</summary>
    public static void Write(Utf8JsonWriter w, Decision d)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(d);
        w.WriteStartObject();
        w.WriteString("policy", d.PolicyName);
        w.WriteString("stage", d.Stage.ToNames().FirstOrDefault() ?? "none");
        w.WriteStringOrNull("context", d.Context);
        w.WriteStringOrNull("profile", d.Profile);
        w.WriteString("action", d.Action.ToName());
        w.WriteString("outcome", ToSnake(d.Outcome.ToString()));
        w.WriteBoolean("blocking", d.IsBlocking);
        w.WriteStringOrNull("deciding_rule", d.DecidingRule?.Rule.Id);
        w.WriteStringOrNull("deciding_category", d.DecidingDetection?.Category.Id);
        w.WriteStringOrNull("message", d.Message);
        w.WriteStringArray("disclaimers", d.Disclaimers);
        w.WriteStringArray("warnings", d.Warnings);
        w.WriteStringOrNull("redacted_text", d.RedactedText);
        w.WriteString("explanation", d.Explain());
        w.WriteNumber("input_length", d.InputLength);

        w.WriteStartArray("matches");
        foreach (var m in d.Matches)
        {
            w.WriteStartObject();
            w.WriteString("rule_id", m.Rule.Id);
            w.WriteString("action", m.Action.ToName());
            if (m.Action != m.Rule.Action)
            {
                w.WriteString("declared_action", m.Rule.Action.ToName());
            }

            w.WriteStringOrNull("category", m.Rule.Category?.Id);
            w.WriteString("severity", m.Rule.Severity.ToString().ToLowerInvariant());
            w.WriteNumber("priority", m.Rule.Priority);
            w.WriteString("defined_at", m.Rule.Location.ToString());
            w.WriteStartArray("evidence");
            foreach (var e in m.Evidence)
            {
                w.WriteStartObject();
                w.WriteString("role", e.Role);
                w.WriteString("view", e.View);
                w.WriteString("matched", e.MatchedText);
                w.WriteNumber("start", e.OriginalSpan.Start);
                w.WriteNumber("end", e.OriginalSpan.End);
                w.WriteString("original", e.OriginalText);
                w.WriteStartArray("revealed_by");
                foreach (var ev in e.RevealedBy)
                {
                    WriteEvent(w, ev);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("detections");
        foreach (var det in d.Detections)
        {
            w.WriteStartObject();
            w.WriteString("category", det.Category.Id);
            w.WriteString("detector", det.Detector);
            w.WriteNumber("score", Math.Round(det.Score, 4));
            w.WriteNumber("threshold", Math.Round(det.Threshold, 4));
            w.WriteString("action", det.Action.ToName());
            PhraseJson.Write(w, "phrases", det.Phrases);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (d.Scores is { } scores)
        {
            w.WriteStartObject("scores");
            for (var i = 0; i < SafetyLabels.Count; i++)
            {
                w.WriteNumber(SafetyLabels.Names[i], Math.Round(scores[i], 4));
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("scores");
        }

        WriteVerdict(w, d);
        if (d.Scores?.Window is { } window)
        {
            // The sentence (or two) of a longer text whose unsafe score beat the whole text's.
            w.WriteStartObject("score_window");
            w.WriteString("view", d.Scores.View);
            w.WriteNumber("start", window.Start);
            w.WriteNumber("end", window.End);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("score_window");
        }

        w.WriteStartArray("normalization");
        foreach (var ev in d.Normalization.Take(200))
        {
            WriteEvent(w, ev);
        }

        w.WriteEndArray();
        w.WriteStartArray("decoded");
        foreach (var v in d.DecodedViews)
        {
            w.WriteStartObject();
            w.WriteString("source", v.Source);
            w.WriteString("text", v.Text.Length > 500 ? v.Text[..500] + "…" : v.Text);
            w.WriteNumber("start", v.OriginalSpan.Start);
            w.WriteNumber("end", v.OriginalSpan.End);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStringArray("failures", d.Failures);
        w.WriteEndObject();
    }

    // The classifier's unsafe score against its threshold, the view that decided, and why it acted or not; the category
    // heads are read as conditional on unsafe, so the joint score (unsafe × head) is given beside the head's.
    private static void WriteVerdict(Utf8JsonWriter w, Decision d)
    {
        if (d.Classifier is not { } v)
        {
            w.WriteNull("classifier");
            return;
        }

        w.WriteStartObject("classifier");
        w.WriteNumber("unsafe", Math.Round(v.Unsafe, 4));
        w.WriteNumber("threshold", Math.Round(v.Threshold, 4));
        w.WriteString("threshold_source", v.ThresholdSource);
        w.WriteString("view", v.View);
        w.WriteBoolean("acted", v.Acted);
        w.WriteString("action", v.Action.ToName());
        w.WriteString("category", v.Category.Id);
        w.WriteNumber("category_given_unsafe", Math.Round(v.CategoryScore, 4));
        w.WriteNumber("category_joint", Math.Round(v.CategoryScore * v.Unsafe, 4));
        w.WriteString("reason", v.Reason);
        if (v.Band is { } band)
        {
            w.WriteString("band", band.ToString().ToLowerInvariant());
            w.WriteNumber("band_low", Math.Round(v.BandLow ?? 0, 4));
        }

        // With a refining tier plugged in, both scores and the tier that decided (as `classify --all-tiers` writes them).
        if (v.DecidedBy is { } decidedBy)
        {
            w.WriteStartObject("tiers");
            w.WriteNumber("fast", Math.Round(v.FastUnsafe ?? v.Unsafe, 4));
            if (decidedBy != "fast")
            {
                w.WriteNumber(decidedBy, Math.Round(v.Unsafe, 4));
            }

            w.WriteString("decided_by", decidedBy);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter w, NormalizationEvent ev)
    {
        w.WriteStartObject();
        w.WriteString("transform", ToSnake(ev.Kind.ToString()));
        w.WriteNumber("start", ev.OriginalSpan.Start);
        w.WriteNumber("end", ev.OriginalSpan.End);
        w.WriteString("detail", ev.Detail);
        w.WriteEndObject();
    }

    internal static string ToSnake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
