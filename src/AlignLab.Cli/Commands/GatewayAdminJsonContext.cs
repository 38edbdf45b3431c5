using System.Text.Json.Serialization;

namespace AlignLab.Cli.Commands;

/// <summary>Source-generated JSON for the bodies <see cref="GatewayAdmin"/> sends.</summary>
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
internal sealed partial class GatewayAdminJsonContext : JsonSerializerContext;
