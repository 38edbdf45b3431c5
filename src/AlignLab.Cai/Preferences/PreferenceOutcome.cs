using System.Text.Json.Serialization;

namespace AlignLab.Cai.Preferences;

/// <summary>Which answer a judge preferred, in the candidates' own terms (A and B as read), not the order shown.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PreferenceOutcome>))]
public enum PreferenceOutcome
{
    /// <summary>Answer A is better.</summary>
    [JsonStringEnumMemberName("a")]
    A,

    /// <summary>Answer B is better.</summary>
    [JsonStringEnumMemberName("b")]
    B,

    /// <summary>Neither: the judge said so, or its two position-swapped verdicts disagreed.</summary>
    [JsonStringEnumMemberName("tie")]
    Tie,

    /// <summary>No verdict: the judge failed or its answer could not be read.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
