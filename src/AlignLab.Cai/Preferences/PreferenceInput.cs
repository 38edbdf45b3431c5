using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AlignLab.IO;

namespace AlignLab.Cai.Preferences;

/// <summary>
/// Streams the items of a preference input file in constant memory: JSON Lines (<c>.jsonl</c>, or gzip-compressed
/// <c>.jsonl.gz</c>) holding either pairs (<c>prompt</c>, <c>chosen</c>, <c>rejected</c>; Anthropic hh-rlhf transcripts
/// without a <c>prompt</c> are split at their last <c>Assistant:</c> turn) or candidate sets written by
/// <see cref="CandidateCollector"/> (every two successful candidates of a prompt make an item). A line that cannot be
/// used gives an entry with its line number and the reason, and reading goes on; a line longer than the limit is never
/// held whole.
/// </summary>
public static class PreferenceInput
{
    private const string AssistantTurn = "\n\nAssistant:";

    /// <summary>Reads <paramref name="file"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not JSON Lines.</exception>
    public static IEnumerable<PreferenceInputEntry> Read(FileInfo file, int maxRecordChars = TabularInput.DefaultMaxRecordChars)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordChars, 1);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"input file not found: {file.FullName}", file.FullName);
        }

        var name = file.Name.ToLowerInvariant();
        var gzip = name.EndsWith(".gz", StringComparison.Ordinal);
        var stem = gzip ? name[..^3] : name;
        if (!stem.EndsWith(".jsonl", StringComparison.Ordinal) && !stem.EndsWith(".ndjson", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{file.Name}: a preference file is JSON Lines (.jsonl or .jsonl.gz)");
        }

        return ReadCore(file, gzip, maxRecordChars);
    }

    /// <summary>Reads one text, as <see cref="Read(FileInfo, int)"/> reads a file's lines (for tests and other sources).</summary>
    public static IEnumerable<PreferenceInputEntry> Read(TextReader reader, int maxRecordChars = TabularInput.DefaultMaxRecordChars)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var entry in JsonLinesReader.Read(reader, maxRecordChars))
        {
            if (entry.Error is not null)
            {
                yield return new PreferenceInputEntry(entry.Line, null, entry.Message);
                continue;
            }

            foreach (var item in FromObject(entry.Value, entry.Line))
            {
                yield return item;
            }
        }
    }

    private static IEnumerable<PreferenceInputEntry> ReadCore(FileInfo file, bool gzip, int maxRecordChars)
    {
        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var decompressed = gzip ? new GZipStream(stream, CompressionMode.Decompress) : null;
        using var reader = new StreamReader(decompressed ?? (Stream)stream, new UTF8Encoding(false, throwOnInvalidBytes: false), true);
        foreach (var entry in Read(reader, maxRecordChars))
        {
            yield return entry;
        }
    }

    private static IEnumerable<PreferenceInputEntry> FromObject(JsonElement e, long line)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            yield return new PreferenceInputEntry(line, null, "expected a JSON object");
            yield break;
        }

        var id = e.TryGetProperty("id", out var idValue) && idValue.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? (idValue.ValueKind == JsonValueKind.String ? idValue.GetString()! : idValue.GetRawText())
            : "L" + line.ToString(CultureInfo.InvariantCulture);
        if (e.TryGetProperty("candidates", out var candidates))
        {
            foreach (var entry in FromCandidates(e, candidates, id, line))
            {
                yield return entry;
            }

            yield break;
        }

        yield return FromPair(e, id, line);
    }

    private static PreferenceInputEntry FromPair(JsonElement e, string id, long line)
    {
        if (String(e, "chosen") is not { } chosen || String(e, "rejected") is not { } rejected)
        {
            return new PreferenceInputEntry(line, null, "a pair needs string fields 'chosen' and 'rejected' (or a 'candidates' array)");
        }

        if (String(e, "prompt") is { } prompt)
        {
            return new PreferenceInputEntry(line, new PreferenceItem(id, prompt, chosen, rejected, HumanPrefersA: true), null);
        }

        // hh-rlhf: two whole transcripts that share everything up to the last assistant turn.
        var cut = chosen.LastIndexOf(AssistantTurn, StringComparison.Ordinal);
        if (cut < 0 || rejected.Length < cut + AssistantTurn.Length
            || !chosen.AsSpan(0, cut + AssistantTurn.Length).SequenceEqual(rejected.AsSpan(0, cut + AssistantTurn.Length))
            || rejected.IndexOf(AssistantTurn, cut + AssistantTurn.Length, StringComparison.Ordinal) >= 0)
        {
            return new PreferenceInputEntry(line, null,
                "no 'prompt' field, and 'chosen' and 'rejected' are not two transcripts that differ only in their last Assistant: turn");
        }

        var item = new PreferenceItem(id, chosen[..cut].Trim(), chosen[(cut + AssistantTurn.Length)..].Trim(),
            rejected[(cut + AssistantTurn.Length)..].Trim(), HumanPrefersA: true);
        return new PreferenceInputEntry(line, item, null);
    }

    private static IEnumerable<PreferenceInputEntry> FromCandidates(JsonElement e, JsonElement candidates, string id, long line)
    {
        if (String(e, "prompt") is not { } prompt || candidates.ValueKind != JsonValueKind.Array)
        {
            yield return new PreferenceInputEntry(line, null, "a candidate set needs a string 'prompt' and a 'candidates' array");
            yield break;
        }

        var texts = new List<string>();
        foreach (var candidate in candidates.EnumerateArray())
        {
            if (candidate.ValueKind == JsonValueKind.Object && String(candidate, "text") is { } text)
            {
                texts.Add(text);
            }
        }

        if (texts.Count < 2)
        {
            yield return new PreferenceInputEntry(line, null,
                string.Create(CultureInfo.InvariantCulture, $"the candidate set has {texts.Count} answer(s); two are needed for a comparison"));
            yield break;
        }

        for (var i = 0; i < texts.Count; i++)
        {
            for (var j = i + 1; j < texts.Count; j++)
            {
                var pairId = string.Create(CultureInfo.InvariantCulture, $"{id}:{i}-{j}");
                yield return new PreferenceInputEntry(line, new PreferenceItem(pairId, prompt, texts[i], texts[j], HumanPrefersA: null), null);
            }
        }
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
