using System.Text;
using System.Text.Json;

namespace AlignLab.Evaluation.Capability;

/// <summary>One capability result as a JSON line (<c>capability.jsonl</c> in an eval run's directory).</summary>
public static class CapabilityResultJson
{
    /// <summary>The result as a single JSON line (no trailing newline).</summary>
    public static string Write(CapabilityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("strategy", result.Strategy);
            w.WriteString("task", result.Task);
            w.WriteString("item", result.ItemId);
            w.WriteNumber("score", result.Score);
            w.WriteBoolean("refused", result.Refused);
            w.WriteNumber("latency_ms", Math.Round(result.LatencyMs, 3));
            Optional(w, "detail", result.Detail);
            Optional(w, "error", result.Error);
            Optional(w, "response", result.Response);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
