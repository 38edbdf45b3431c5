using System.Text.Json.Serialization;

namespace AlignLab.Server.Dashboard;

/// <summary>Source-generated JSON for the dashboard's API responses (snake_case, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ReportListResponse))]
[JsonSerializable(typeof(ReportCompareResponse))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
