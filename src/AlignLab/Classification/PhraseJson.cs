using System.Text.Json;

namespace AlignLab.Classification;

/// <summary>The JSON form of explanation phrases, shared by every output that carries them.</summary>
public static class PhraseJson
{
    /// <summary>Writes <c>"name": [{text, start, end, contribution}, …]</c>.</summary>
    public static void Write(Utf8JsonWriter writer, string name, IEnumerable<PhraseContribution> phrases)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(phrases);
        writer.WriteStartArray(name);
        foreach (var p in phrases)
        {
            writer.WriteStartObject();
            writer.WriteString("text", p.Text);
            writer.WriteNumber("start", p.OriginalSpan.Start);
            writer.WriteNumber("end", p.OriginalSpan.End);
            writer.WriteNumber("contribution", Math.Round(p.Contribution, 4));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
