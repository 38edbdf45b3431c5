using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AlignLab.Cai.Files;

namespace AlignLab.Server.Dashboard;

/// <summary>
/// The rating export's lines: <see cref="PreferencePair"/> exactly as <c>cai generate</c> and <c>prefs label</c> write it
/// (compact, readable text; the file is served as <c>application/x-ndjson</c>, never as HTML).
/// </summary>
[JsonSerializable(typeof(PreferencePair))]
internal sealed partial class RatingJsonContext : JsonSerializerContext
{
    public static RatingJsonContext Lines { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
