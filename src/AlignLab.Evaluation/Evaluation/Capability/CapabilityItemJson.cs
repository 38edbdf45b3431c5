using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using AlignLab.Evaluation.Json;

namespace AlignLab.Evaluation.Capability;

/// <summary>
/// The JSON Lines format of AlignLab's capability files (the bundled subsets in <c>data/eval/capability/</c>): one
/// object per item with <c>id</c>, <c>task</c>, <c>question</c> and the task's fields (<c>answer</c>; <c>options</c>,
/// <c>correct</c>, <c>correct_answers</c>, <c>incorrect_answers</c>; <c>entry_point</c>, <c>test</c>) and <c>source</c>.
/// </summary>
public static class CapabilityItemJson
{
    /// <summary>One item as a single JSON line (no trailing newline).</summary>
    public static string Write(CapabilityItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return EvaluationJson.Serialize(CapabilityItemDocument.From(item), EvaluationJson.Compact);
    }

    /// <summary>Reads items; a malformed line throws <see cref="InvalidDataException"/> naming <paramref name="location"/> and the line.</summary>
    public static IEnumerable<CapabilityItem> Read(TextReader reader, string location)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            CapabilityItem item;
            try
            {
                item = Parse(line);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
            {
                throw new InvalidDataException($"{location}:{lineNumber}: not a capability item ({ex.Message})", ex);
            }

            yield return item;
        }
    }

    private static CapabilityItem Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        var item = new CapabilityItem(Required(e, "id"), Required(e, "task"), Required(e, "question"))
        {
            Answer = e.TryGetProperty("answer", out var a) ? a.GetDecimal() : null,
            Options = StringArray(e, "options"),
            CorrectOption = e.TryGetProperty("correct", out var c) ? c.GetInt32() : 0,
            CorrectAnswers = StringArray(e, "correct_answers"),
            IncorrectAnswers = StringArray(e, "incorrect_answers"),
            EntryPoint = e.TryGetProperty("entry_point", out var ep) ? ep.GetString() : null,
            Test = e.TryGetProperty("test", out var t) ? t.GetString() : null,
            Source = e.TryGetProperty("source", out var s) ? s.GetString() : null,
        };
        if (!item.Options.IsEmpty && (item.CorrectOption < 0 || item.CorrectOption >= item.Options.Length))
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"correct option {item.CorrectOption} is outside the {item.Options.Length} options"));
        }

        return item;
    }

    private static string Required(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new FormatException($"'{name}' is missing or empty");

    private static ImmutableArray<string> StringArray(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(x => x.GetString() ?? "")] : [];
}
