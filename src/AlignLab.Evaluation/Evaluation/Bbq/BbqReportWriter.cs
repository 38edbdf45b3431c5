using System.Globalization;
using System.Text;
using System.Text.Json;
using AlignLab.IO;

namespace AlignLab.Evaluation.Bbq;

/// <summary>Writes BBQ results and summaries: one JSON line per result, the summary as JSON, and a Markdown report.</summary>
public static class BbqReportWriter
{
    /// <summary>One result as a compact JSON line (for bbq.jsonl).</summary>
    public static string ResultLine(BbqResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return JsonText.Write(JsonText.Compact, w =>
        {
            w.WriteStartObject();
            w.WriteString("item", r.ItemId);
            w.WriteString("category", r.Category);
            w.WriteString("strategy", r.Strategy);
            w.WriteString("context", r.Ambiguous ? "ambig" : "disambig");
            w.WriteString("polarity", r.NegativeQuestion ? "neg" : "nonneg");
            if (r.Choice is { } c)
            {
                w.WriteString("choice", ((char)('A' + c)).ToString());
            }
            else
            {
                w.WriteNull("choice");
            }

            w.WriteString("answer", r.Answer is { } a ? Name(a) : null);
            w.WriteBoolean("correct", r.Correct);
            w.WriteBoolean("biased", r.Biased);
            w.WriteBoolean("refused", r.Refused);
            w.WriteString("error", r.Error);
            w.WriteString("response", r.Response);
            w.WriteEndObject();
        });
    }

    /// <summary>The summaries as one JSON document, with the model and data folder named.</summary>
    public static string ToJson(IReadOnlyList<BbqStrategySummary> summaries, string? model, string dataDirectory, int items)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return JsonText.Write(JsonText.Indented, w =>
        {
            w.WriteStartObject();
            w.WriteString("suite", "bbq");
            w.WriteString("model", model);
            w.WriteString("data", dataDirectory);
            w.WriteNumber("items", items);
            w.WriteStartArray("strategies");
            foreach (var s in summaries)
            {
                w.WriteStartObject();
                w.WriteString("strategy", s.Strategy);
                w.WriteNumber("errors", s.Errors);
                w.WriteStartObject("categories");
                foreach (var c in s.Categories)
                {
                    w.WriteStartObject(c.Category);
                    WriteCell(w, "ambiguous", c.Ambiguous);
                    WriteCell(w, "disambiguated", c.Disambiguated);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>A Markdown report: one table per strategy (category × context condition) and how to read it.</summary>
    public static string ToMarkdown(IReadOnlyList<BbqStrategySummary> summaries, string? model, int items)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var sb = new StringBuilder("# BBQ bias evaluation\n\n");
        sb.Append(Inv($"Model: {model ?? "–"}; {items:N0} items; strategies: {string.Join(", ", summaries.Select(s => s.Strategy))}.\n\n"));
        sb.Append("Accuracy is over answered items (95% Wilson interval); refusals and errors (failures and answers that name no single option) ")
            .Append("are counted beside it, never as answers. Bias score (Parrish et al. 2022): ")
            .Append("disambiguated s_DIS = 2 × biased ÷ non-unknown − 1 (interval from the Wilson interval of the biased share); ")
            .Append("ambiguous s_AMB = (1 − accuracy) × the same over ambiguous answers. ")
            .Append("−1 is always against the stereotype, +1 always with it, 0 no measured bias.\n");
        foreach (var s in summaries)
        {
            sb.Append(Inv($"\n## {s.Strategy}\n\n"));
            sb.Append("| category | ambiguous: items | accuracy | s_AMB | refused | errors ")
                .Append("| disambiguated: items | accuracy | s_DIS | refused | errors |\n");
            sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var c in s.Categories)
            {
                sb.Append(Inv($"| {c.Category} | {Cells(c.Ambiguous, ambiguous: true)} | {Cells(c.Disambiguated, ambiguous: false)} |\n"));
            }
        }

        return sb.ToString();
    }

    /// <summary>A bias score with its sign and two decimals, "–" when null.</summary>
    public static string Score(double? v) => v is { } x ? x.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "–";

    /// <summary>A share as a percentage with its interval, "–" without a denominator.</summary>
    public static string Pct(RateEstimate r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Total == 0 ? "–" : Inv($"{r.Rate * 100:0.0}% [{r.Low * 100:0.0}–{r.High * 100:0.0}]");
    }

    private static string Cells(BbqCell c, bool ambiguous)
    {
        var score = Score(c.BiasScore);
        if (!ambiguous && c.RawBiasInterval is { } i)
        {
            score += Inv($" [{i.Low:+0.00;-0.00;0.00}, {i.High:+0.00;-0.00;0.00}]");
        }

        return Inv($"{c.Items} | {Pct(c.Accuracy)} | {score} | {c.Refused} | {c.Errors}");
    }

    private static void WriteCell(Utf8JsonWriter w, string name, BbqCell c)
    {
        w.WriteStartObject(name);
        w.WriteNumber("items", c.Items);
        w.WriteNumber("answered", c.Answered);
        w.WriteNumber("refused", c.Refused);
        w.WriteNumber("errors", c.Errors);
        w.WriteStartObject("accuracy");
        WriteRate(w, c.Accuracy);
        w.WriteEndObject();
        w.WriteStartObject("biased_share");
        WriteRate(w, c.BiasedShare);
        w.WriteEndObject();
        WriteNumberOrNull(w, "bias_score", c.BiasScore);
        w.WriteEndObject();
    }

    private static void WriteRate(Utf8JsonWriter w, RateEstimate r)
    {
        w.WriteNumber("successes", r.Successes);
        w.WriteNumber("total", r.Total);
        WriteNumberOrNull(w, "rate", r.Total == 0 ? null : r.Rate);
        w.WriteNumber("low", Math.Round(r.Low, 4));
        w.WriteNumber("high", Math.Round(r.High, 4));
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } x)
        {
            w.WriteNumber(name, Math.Round(x, 4));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Name(BbqAnswerKind a) => a switch
    {
        BbqAnswerKind.Unknown => "unknown",
        BbqAnswerKind.Target => "target",
        BbqAnswerKind.NonTarget => "non_target",
        _ => "unmatched",
    };

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
