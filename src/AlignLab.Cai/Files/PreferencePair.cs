using System.Text.Json.Serialization;

namespace AlignLab.Cai.Files;

/// <summary>
/// One line of a <c>pairs.jsonl</c> file: a prompt with a preferred and a dispreferred answer, in the explicit-prompt
/// shape TRL's DPO and reward trainers read (<c>prompt</c>, <c>chosen</c>, <c>rejected</c> as strings). Every writer of
/// preference data in AlignLab (critique and revision, AI labels, the dashboard) writes this shape; the optional fields
/// say where the pair came from and are ignored by trainers that do not know them.
/// </summary>
public sealed record PreferencePair
{
    /// <summary>The user's request.</summary>
    [JsonPropertyName("prompt")]
    public required string Prompt { get; init; }

    /// <summary>The preferred answer.</summary>
    [JsonPropertyName("chosen")]
    public required string Chosen { get; init; }

    /// <summary>The dispreferred answer.</summary>
    [JsonPropertyName("rejected")]
    public required string Rejected { get; init; }

    /// <summary>A stable identifier of the pair (for resuming and joining with labels), or null.</summary>
    [JsonPropertyName("id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    /// <summary>What produced the pair (for example <c>cai</c>, <c>rlaif</c>, <c>dashboard</c>), or null.</summary>
    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }
}
