using System.Text.Json.Serialization;

namespace AlignLab.Cai.Preferences;

/// <summary>
/// One line of the labelled output: a <see cref="Files.PreferencePair"/> (same field names, chosen and rejected as the
/// judge decided, source <c>rlaif</c>) with the label's details under <c>label</c>, which trainers ignore.
/// </summary>
public sealed record LabelledPair
{
    /// <summary>The user's request.</summary>
    public required string Prompt { get; init; }

    /// <summary>The answer the judge preferred (for a tie, answer A as read).</summary>
    public required string Chosen { get; init; }

    /// <summary>The other answer.</summary>
    public required string Rejected { get; init; }

    /// <summary>The item's id.</summary>
    public string? Id { get; init; }

    /// <summary>Always <c>rlaif</c>.</summary>
    public string Source { get; init; } = "rlaif";

    /// <summary>The verdicts behind the label.</summary>
    [JsonPropertyName("label")]
    public required PreferenceLabel Label { get; init; }
}
