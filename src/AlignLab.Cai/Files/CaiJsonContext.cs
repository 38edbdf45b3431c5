using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlignLab.Cai.Files;

/// <summary>Source-generated, snake_case serialisation of the CAI files (one compact line per record).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CaiRecord))]
[JsonSerializable(typeof(SftRecord))]
[JsonSerializable(typeof(PreferencePair))]
[JsonSerializable(typeof(CaiFailure))]
[JsonSerializable(typeof(CaiSummary))]
[JsonSerializable(typeof(RedTeamPrompt))]
[JsonSerializable(typeof(SuitePromptRecord))]
internal sealed partial class CaiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Lines for training files: text is kept readable (no \u escapes for quotes, angle brackets or non-ASCII letters);
    /// JSON Lines files are data, never embedded in HTML.
    /// </summary>
    public static CaiJsonContext Lines { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The same, indented (summary.json).</summary>
    public static CaiJsonContext Indented { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    });
}
