using System.Text;
using System.Text.Json;
using AlignLab.Classification.Data;

namespace AlignLab.IO;

/// <summary>
/// Streams records from .csv (with a header row), .jsonl, .json (an array of objects) or .txt (one text per
/// line) files in constant memory. Problems are reported as <see cref="InvalidDataException"/> naming the file
/// and record.
/// </summary>
public static class TabularInput
{
    /// <summary>Reads <paramref name="file"/>; the format follows its extension.</summary>
    public static IEnumerable<TabularRecord> Read(FileInfo file, string textColumn, string? labelColumn, string idColumn = "id")
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(textColumn);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"input file not found: {file.FullName}", file.FullName);
        }

        return file.Extension.ToLowerInvariant() switch
        {
            ".csv" => ReadCsv(file, textColumn, labelColumn, idColumn),
            ".jsonl" or ".ndjson" => ReadJsonLines(file, textColumn, labelColumn, idColumn),
            ".json" => ReadJsonArray(file, textColumn, labelColumn, idColumn),
            ".txt" => labelColumn is null
                ? ReadText(file)
                : throw new InvalidDataException($"{file.Name}: a .txt file has no columns, so it cannot carry labels; use .csv or .jsonl"),
            _ => throw new InvalidDataException($"{file.Name}: unsupported file type '{file.Extension}'; use .csv, .jsonl, .json or .txt"),
        };
    }

    private static StreamReader Open(FileInfo file) =>
        new(file.FullName, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });

    private static IEnumerable<TabularRecord> ReadText(FileInfo file)
    {
        using var reader = Open(file);
        long n = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                n++;
                yield return new TabularRecord(n.ToString(System.Globalization.CultureInfo.InvariantCulture), line, null, n);
            }
        }
    }

    private static IEnumerable<TabularRecord> ReadCsv(FileInfo file, string textColumn, string? labelColumn, string idColumn)
    {
        using var reader = Open(file);
        int textIndex = -1, labelIndex = -1, idIndex = -1;
        long n = 0;
        foreach (var fields in CsvReader.Parse(reader))
        {
            if (n == 0 && textIndex < 0)
            {
                var header = fields.Select(f => f.Trim()).ToList();
                textIndex = header.IndexOf(textColumn);
                idIndex = header.IndexOf(idColumn);
                if (textIndex < 0)
                {
                    throw new InvalidDataException($"{file.Name}: no column '{textColumn}'; the header has: {string.Join(", ", header)}");
                }

                if (labelColumn is not null)
                {
                    labelIndex = header.IndexOf(labelColumn);
                    if (labelIndex < 0)
                    {
                        throw new InvalidDataException($"{file.Name}: no column '{labelColumn}'; the header has: {string.Join(", ", header)}");
                    }
                }

                continue;
            }

            n++;
            if (textIndex >= fields.Length || (labelIndex >= 0 && labelIndex >= fields.Length))
            {
                throw new InvalidDataException($"{file.Name}: record {n} has {fields.Length} field(s), fewer than the header");
            }

            var id = idIndex >= 0 && idIndex < fields.Length ? fields[idIndex] : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return new TabularRecord(id, fields[textIndex], labelIndex >= 0 ? fields[labelIndex] : null, n);
        }
    }

    private static IEnumerable<TabularRecord> ReadJsonLines(FileInfo file, string textColumn, string? labelColumn, string idColumn)
    {
        using var reader = Open(file);
        foreach (var entry in JsonLinesReader.Read(reader))
        {
            if (entry.Error is not null)
            {
                throw new InvalidDataException($"{file.Name}:{entry.Line}: invalid JSON: {entry.Error}");
            }

            yield return FromObject(entry.Value, file, $"{file.Name}:{entry.Line}", entry.Index + 1, textColumn, labelColumn, idColumn);
        }
    }

    private static IEnumerable<TabularRecord> ReadJsonArray(FileInfo file, string textColumn, string? labelColumn, string idColumn)
    {
        using var stream = File.OpenRead(file.FullName);
        IAsyncEnumerable<JsonElement> items;
        try
        {
            items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file.Name}: invalid JSON: {JsonText.Describe(ex)}", ex);
        }

        long n = 0;
        var enumerator = items.GetAsyncEnumerator();
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult();
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"{file.Name}: invalid JSON near item {n + 1}: {JsonText.Describe(ex)}", ex);
                }

                if (!more)
                {
                    break;
                }

                n++;
                yield return FromObject(enumerator.Current, file, $"{file.Name} item {n}", n, textColumn, labelColumn, idColumn);
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static TabularRecord FromObject(JsonElement e, FileInfo file, string where, long n, string textColumn, string? labelColumn, string idColumn)
    {
        _ = file;
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: expected a JSON object");
        }

        if (!e.TryGetProperty(textColumn, out var text) || text.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{where}: no string field '{textColumn}'");
        }

        string? label = null;
        if (labelColumn is not null)
        {
            if (!e.TryGetProperty(labelColumn, out var l))
            {
                throw new InvalidDataException($"{where}: no field '{labelColumn}'");
            }

            label = l.ValueKind == JsonValueKind.String ? l.GetString() : l.GetRawText();
        }

        var id = e.TryGetProperty(idColumn, out var idValue) ? (idValue.ValueKind == JsonValueKind.String ? idValue.GetString()! : idValue.GetRawText()) : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new TabularRecord(id, text.GetString()!, label, n);
    }
}
