using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlignLab.Cai.Preferences;

/// <summary>Source-generated JSON for the preference files and summaries (snake_case, nulls left out, text unescaped).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LabelledPair))]
[JsonSerializable(typeof(PreferenceLabelSummary))]
[JsonSerializable(typeof(CandidateSet))]
[JsonSerializable(typeof(CandidateCollectionSummary))]
internal sealed partial class PreferenceJsonContext : JsonSerializerContext
{
    /// <summary>One line per record, non-ASCII text written as it is (the files hold model answers in any language).</summary>
    public static PreferenceJsonContext Lines { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Indented, for summaries.</summary>
    public static PreferenceJsonContext Indented { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    });
}
