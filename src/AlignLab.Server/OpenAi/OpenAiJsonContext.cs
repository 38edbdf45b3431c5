using System.Text.Json.Serialization;

namespace AlignLab.Server.OpenAi;

/// <summary>Source-generated JSON for the OpenAI-compatible responses the gateway writes itself (snake_case, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiErrorResponse))]
internal sealed partial class OpenAiJsonContext : JsonSerializerContext;
