using System.Text.Json.Serialization;

namespace AlignLab.Evaluation.Reports;

/// <summary>One line of <c>results.jsonl</c>; the optional properties are left out when absent, to keep lines short.</summary>
internal sealed record CaseResultDocument
{
    public required string CaseId { get; init; }

    public required string Strategy { get; init; }

    public required string Label { get; init; }

    public required string Suite { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Category { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ParentId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Transform { get; init; }

    public required bool Refused { get; init; }

    public required bool Intervened { get; init; }

    public required string Action { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Score { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ResponseScore { get; init; }

    public required double LatencyMs { get; init; }

    public required double GuardMs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Tokens { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Prompt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Response { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceJson { get; init; }

    public static CaseResultDocument From(CaseResult r) => new()
    {
        CaseId = r.CaseId,
        Strategy = r.Strategy,
        Label = EvalReportJson.LabelName(r.Label),
        Suite = r.Suite,
        Category = r.Category,
        ParentId = r.ParentId,
        Transform = r.Transform,
        Refused = r.Refused,
        Intervened = r.Intervened,
        Action = r.Action,
        Score = r.Score,
        ResponseScore = r.ResponseScore,
        LatencyMs = r.LatencyMs,
        GuardMs = r.GuardMs,
        Tokens = r.Tokens,
        Error = r.Error,
        Prompt = r.Prompt,
        Response = r.Response,
        TraceJson = r.TraceJson,
    };
}
