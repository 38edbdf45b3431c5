namespace AlignLab.Evaluation.Capability;

/// <summary>One line of <c>capability.jsonl</c>: every property present, the latency rounded to microseconds.</summary>
internal sealed record CapabilityResultDocument(
    string Strategy,
    string Task,
    string Item,
    double Score,
    bool Refused,
    double LatencyMs,
    string? Detail,
    string? Error,
    string? Response)
{
    public static CapabilityResultDocument From(CapabilityResult r) =>
        new(r.Strategy, r.Task, r.ItemId, r.Score, r.Refused, Math.Round(r.LatencyMs, 3), r.Detail, r.Error, r.Response);
}
