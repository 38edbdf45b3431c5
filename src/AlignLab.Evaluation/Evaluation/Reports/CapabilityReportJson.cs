using System.Collections.Immutable;
using System.Text.Json;
using AlignLab.Evaluation.Capability;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// The capability part of <c>summary.json</c>: per strategy <c>capability</c> (score, benign refusal, tasks) and
/// <c>capability_delta</c> (score minus the baseline's, with its 95% interval; null for the baseline or when not measured),
/// and per run <c>capability</c> (the tasks that ran and notes on those that could not).
/// </summary>
internal static class CapabilityReportJson
{
    public static void WriteStrategy(Utf8JsonWriter w, CapabilitySummary? c)
    {
        if (c is null)
        {
            w.WriteNull("capability");
            w.WriteNull("capability_delta");
            return;
        }

        w.WriteStartObject("capability");
        Interval(w, "score", c.Score);
        w.WriteNumber("items", c.Items);
        w.WriteNumber("errors", c.Errors);
        if (c.BenignRefusal is { } r)
        {
            w.WriteStartObject("benign_refusal");
            w.WriteNumber("successes", r.Successes);
            w.WriteNumber("total", r.Total);
            w.WriteNumber("rate", r.Rate);
            w.WriteNumber("low", r.Low);
            w.WriteNumber("high", r.High);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("benign_refusal");
        }

        w.WriteStartObject("tasks");
        foreach (var (task, v) in c.Tasks.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Interval(w, task, v);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        Interval(w, "capability_delta", c.Delta);
    }

    public static void WriteRun(Utf8JsonWriter w, EvalSummary s)
    {
        w.WriteStartObject("capability");
        w.WriteStartArray("tasks");
        foreach (var t in s.CapabilityTasks.IsDefault ? [] : s.CapabilityTasks)
        {
            w.WriteStringValue(t);
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var n in s.CapabilityNotes.IsDefault ? [] : s.CapabilityNotes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static CapabilitySummary? ReadStrategy(JsonElement e)
    {
        if (!e.TryGetProperty("capability", out var c) || c.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new CapabilitySummary
        {
            Score = ReadInterval(c, "score"),
            Delta = ReadInterval(e, "capability_delta"),
            Items = c.TryGetProperty("items", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : 0,
            Errors = c.TryGetProperty("errors", out var er) && er.ValueKind == JsonValueKind.Number ? er.GetInt32() : 0,
            BenignRefusal = c.TryGetProperty("benign_refusal", out var r) && r.ValueKind == JsonValueKind.Object
                ? new RateEstimate(r.GetProperty("successes").GetInt32(), r.GetProperty("total").GetInt32(), r.GetProperty("low").GetDouble(), r.GetProperty("high").GetDouble())
                : null,
            Tasks = c.TryGetProperty("tasks", out var t) && t.ValueKind == JsonValueKind.Object
                ? t.EnumerateObject().Select(p => (p.Name, Value: ReadInterval(t, p.Name))).Where(p => p.Value is not null).ToImmutableDictionary(p => p.Name, p => p.Value!, StringComparer.Ordinal)
                : ImmutableDictionary<string, ScoreInterval>.Empty,
        };
    }

    public static (ImmutableArray<string> Tasks, ImmutableArray<string> Notes) ReadRun(JsonElement e)
    {
        if (!e.TryGetProperty("capability", out var c) || c.ValueKind != JsonValueKind.Object)
        {
            return ([], []);
        }

        static ImmutableArray<string> Strings(JsonElement o, string name) =>
            o.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? [.. a.EnumerateArray().Select(x => x.GetString() ?? "")] : [];
        return (Strings(c, "tasks"), Strings(c, "notes"));
    }

    private static void Interval(Utf8JsonWriter w, string name, ScoreInterval? v)
    {
        if (v is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("value", v.Value);
        w.WriteNumber("low", v.Low);
        w.WriteNumber("high", v.High);
        w.WriteNumber("items", v.Items);
        w.WriteEndObject();
    }

    private static ScoreInterval? ReadInterval(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? new ScoreInterval(v.GetProperty("value").GetDouble(), v.GetProperty("low").GetDouble(), v.GetProperty("high").GetDouble(), v.TryGetProperty("items", out var n) ? n.GetInt32() : 0)
            : null;
}
