using System.Text.Json.Serialization;

namespace AlignLab.Runtime.Judges;

/// <summary>Source-generated JSON for <see cref="JudgeAnswer"/> (snake_case, as the JSON template asks).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JudgeAnswer))]
internal sealed partial class JudgeAnswerJsonContext : JsonSerializerContext;
