using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.IO;
using AlignLab.Rules;

namespace AlignLab.Runtime.Pipeline;

/// <summary>Writes an <see cref="AlignmentTrace"/> as JSON with stable snake_case names.</summary>
public static class AlignmentTraceJson
{
    /// <summary>Serialises the trace.</summary>
    public static string Serialize(AlignmentTrace trace, bool indented = true) =>
        JsonText.Write(indented ? JsonText.Indented : JsonText.Compact, w => Write(w, trace));

    /// <summary>Writes the trace as one JSON object.</summary>
    public static void Write(Utf8JsonWriter w, AlignmentTrace trace)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(trace);
        w.WriteStartObject();
        w.WriteString("policy", trace.PolicyName);
        w.WriteStringOrNull("context", trace.Context);
        w.WriteStringOrNull("profile", trace.Profile);
        w.WriteString("started_at", trace.StartedAt);
        w.WriteString("final_action", trace.FinalAction.ToName());
        w.WriteBoolean("model_called", trace.ModelCalled);
        w.WriteBoolean("model_refused", trace.ModelRefused);
        w.WriteNumber("interventions", trace.Interventions);
        w.WriteStringOrNull("review_id", trace.ReviewId);
        w.WriteNumber("guard_ms", Math.Round(trace.GuardTime.TotalMilliseconds, 3));
        w.WriteStartArray("events");
        foreach (var e in trace.Events)
        {
            w.WriteStartObject();
            w.WriteString("stage", e.Stage);
            w.WriteString("kind", e.Kind);
            w.WriteString("summary", e.Summary);
            w.WriteString("action", e.Action.ToName());
            w.WriteNumber("ms", Math.Round(e.ElapsedMilliseconds, 3));
            if (e.Decision is { } d)
            {
                w.WritePropertyName("decision");
                DecisionJson.Write(w, d);
            }

            if (e.Detectors.Count > 0)
            {
                w.WriteStartArray("detectors");
                foreach (var r in e.Detectors)
                {
                    w.WriteStartObject();
                    w.WriteString("detector", r.Detector);
                    w.WriteNumber("unsafe", Math.Round(r.UnsafeScore, 4));
                    w.WriteBoolean("flagged", r.Flagged);
                    w.WriteStartArray("categories");
                    foreach (var c in r.FlaggedCategories)
                    {
                        w.WriteStringValue(c);
                    }

                    w.WriteEndArray();
                    w.WriteStringOrNull("rationale", r.Rationale);
                    w.WriteNumber("ms", Math.Round(r.Elapsed.TotalMilliseconds, 3));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (e.Data is not null)
            {
                w.WritePropertyName("data");
                e.Data.WriteTo(w);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
