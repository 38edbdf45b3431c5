using System.Collections.Immutable;
using System.Text.Json;
using AlignLab.Evaluation.Capability;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// Reads the capability part of <c>summary.json</c> (written through <see cref="CapabilityDocument"/> and
/// <see cref="CapabilityRunDocument"/>): per strategy <c>capability</c> (score, benign refusal, tasks) and
/// <c>capability_delta</c> (score minus the baseline's, with its 95% interval; null for the baseline or when not measured),
/// and per run <c>capability</c> (the tasks that ran and notes on those that could not).
/// </summary>
internal static class CapabilityReportJson
{
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

    private static ScoreInterval? ReadInterval(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? new ScoreInterval(v.GetProperty("value").GetDouble(), v.GetProperty("low").GetDouble(), v.GetProperty("high").GetDouble(), v.TryGetProperty("items", out var n) ? n.GetInt32() : 0)
            : null;
}
