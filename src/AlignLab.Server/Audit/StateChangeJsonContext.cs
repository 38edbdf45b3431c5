using System.Text.Json.Serialization;

namespace AlignLab.Server.Audit;

/// <summary>Source-generated JSON for <see cref="StateChange"/> (snake_case, nulls kept so every record has the same fields).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StateChange))]
internal sealed partial class StateChangeJsonContext : JsonSerializerContext;
