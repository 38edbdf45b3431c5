using System.Text.Json;
using AlignLab.IO;

namespace AlignLab.Evaluation.Profiling;

/// <summary><see cref="GuardProfile"/> as a stable JSON document (snake_case, every property present, microseconds).</summary>
public static class GuardProfileJson
{
    /// <summary>The value of the <c>schema</c> property.</summary>
    public const string Schema = "alignlab.profile/1";

    /// <summary>The profile as indented JSON, with a final newline.</summary>
    public static string Write(GuardProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return JsonText.Write(JsonText.Indented, w =>
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("policy", profile.Policy);
            w.WriteBoolean("classifier", profile.Classifier);
            w.WriteNumber("cases", profile.Cases);
            w.WriteNumber("repeat", profile.Repeat);
            w.WriteBoolean("warm_up", profile.WarmUp);
            w.WriteNumber("cases_per_second", Math.Round(profile.CasesPerSecond, 1));
            Stages(w, profile.Stages);
            w.WriteStartArray("buckets");
            foreach (var b in profile.Buckets)
            {
                w.WriteStartObject();
                w.WriteString("label", b.Label);
                w.WriteNumber("min_chars", b.MinChars);
                if (b.MaxChars is { } max)
                {
                    w.WriteNumber("max_chars", max);
                }
                else
                {
                    w.WriteNull("max_chars");
                }

                w.WriteNumber("cases", b.Cases);
                Stages(w, b.Stages);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }) + "\n";
    }

    private static void Stages(Utf8JsonWriter w, IReadOnlyList<StageTiming> stages)
    {
        w.WriteStartArray("stages");
        foreach (var s in stages)
        {
            w.WriteStartObject();
            w.WriteString("stage", s.Stage);
            w.WriteNumber("samples", s.Samples);
            Us(w, "p50_us", s.P50Us);
            Us(w, "p95_us", s.P95Us);
            Us(w, "mean_us", s.MeanUs);
            Us(w, "max_us", s.MaxUs);
            w.WriteNumber("share", Math.Round(s.Share, 4));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Us(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } d && double.IsFinite(d))
        {
            w.WriteNumber(name, Math.Round(d, 2));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
