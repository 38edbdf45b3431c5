using System.Text.Json.Serialization;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>Source-generated JSON for <see cref="AuditReport"/> (snake_case, indented).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(AuditReport))]
internal sealed partial class AuditReportJsonContext : JsonSerializerContext;
