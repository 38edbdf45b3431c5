using System.Globalization;
using System.Text;
using System.Text.Json;
using AlignLab.IO;

namespace AlignLab.Cai.Preferences;

/// <summary>
/// Streams prompts from .jsonl, .csv or .txt files in constant memory. In JSON Lines a line that cannot be used is
/// reported with its line number and skipped; a .csv or .txt problem (which <see cref="TabularInput"/> reports) ends the
/// file there with an error entry, since a broken quote leaves no safe place to resume.
/// </summary>
public static class PromptInput
{
    /// <summary>Reads <paramref name="file"/>, taking each prompt from <paramref name="field"/> (a JSON field or .csv column).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IEnumerable<PromptEntry> Read(FileInfo file, string field = "prompt", int maxRecordChars = TabularInput.DefaultMaxRecordChars)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(field);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"input file not found: {file.FullName}", file.FullName);
        }

        var extension = file.Extension.ToLowerInvariant();
        return extension is ".jsonl" or ".ndjson" ? ReadJsonLines(file, field, maxRecordChars) : ReadTabular(file, field, maxRecordChars);
    }

    private static IEnumerable<PromptEntry> ReadJsonLines(FileInfo file, string field, int maxRecordChars)
    {
        using var reader = new StreamReader(file.FullName, new UTF8Encoding(false, throwOnInvalidBytes: false), true);
        foreach (var entry in JsonLinesReader.Read(reader, maxRecordChars))
        {
            if (entry.Error is not null)
            {
                yield return new PromptEntry(entry.Line, null, null, entry.Message);
            }
            else if (entry.Value.ValueKind != JsonValueKind.Object
                || !entry.Value.TryGetProperty(field, out var text) || text.ValueKind != JsonValueKind.String)
            {
                yield return new PromptEntry(entry.Line, null, null, $"no string field '{field}'");
            }
            else
            {
                var id = entry.Value.TryGetProperty("id", out var idValue) && idValue.ValueKind != JsonValueKind.Null
                    ? (idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : idValue.GetRawText())
                    : (entry.Index + 1).ToString(CultureInfo.InvariantCulture);
                yield return new PromptEntry(entry.Line, id, text.GetString(), null);
            }
        }
    }

    private static IEnumerable<PromptEntry> ReadTabular(FileInfo file, string field, int maxRecordChars)
    {
        using var records = TabularInput.Read(file, field, labelColumn: null, maxRecordChars: maxRecordChars).GetEnumerator();
        long last = 0;
        while (true)
        {
            PromptEntry next;
            try
            {
                if (!records.MoveNext())
                {
                    yield break;
                }

                var r = records.Current;
                last = r.Record;
                next = new PromptEntry(r.Record, r.Id, r.Text, null);
            }
            catch (InvalidDataException ex)
            {
                next = new PromptEntry(last + 1, null, null, ex.Message + " (the rest of the file was not read)");
            }

            yield return next;
            if (next.Error is not null)
            {
                yield break;
            }
        }
    }
}
