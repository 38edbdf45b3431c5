using System.Text;
using System.Text.Json;

namespace AlignLab.IO;

/// <summary>
/// Streams records from .csv (with a header row), .jsonl, .json (an array of objects) or .txt (one text per
/// line) files in constant memory. Problems are reported as <see cref="InvalidDataException"/> naming the file
/// and record: a record that is not well-formed, whose strings are not Unicode text (an unpaired surrogate escape such
/// as <c>"\ud800"</c>), or that is longer than the limit (by default <see cref="DefaultMaxRecordChars"/>). A record
/// over the limit is never held whole, so memory stays bounded however long a line of the file is.
/// </summary>
public static class TabularInput
{
    /// <summary>The most characters one record may hold by default: 1 MiB (1,048,576), as written in the file.</summary>
    public const int DefaultMaxRecordChars = 1 << 20;

    /// <summary>
    /// Reads <paramref name="file"/>; the format follows its extension. A record of more than
    /// <paramref name="maxRecordChars"/> characters (a .txt or .jsonl line, a .csv record's fields; for a .json array,
    /// an item of more than 4 bytes per character) is an error naming its line. With <paramref name="groupColumn"/>, each
    /// record's <see cref="TabularRecord.Group"/> is that column's value (a file without the column is an error).
    /// </summary>
    public static IEnumerable<TabularRecord> Read(FileInfo file, string textColumn, string? labelColumn, string idColumn = "id",
        int maxRecordChars = DefaultMaxRecordChars, string? groupColumn = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(textColumn);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordChars, 1);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"input file not found: {file.FullName}", file.FullName);
        }

        return file.Extension.ToLowerInvariant() switch
        {
            ".csv" => ReadCsv(file, new Columns(textColumn, labelColumn, idColumn, groupColumn), maxRecordChars),
            ".jsonl" or ".ndjson" => ReadJsonLines(file, new Columns(textColumn, labelColumn, idColumn, groupColumn), maxRecordChars),
            ".json" => ReadJsonArray(file, new Columns(textColumn, labelColumn, idColumn, groupColumn), maxRecordChars),
            ".txt" when groupColumn is not null =>
                throw new InvalidDataException($"{file.Name}: a .txt file has no columns, so it cannot carry groups; use .csv or .jsonl"),
            ".txt" => labelColumn is null
                ? ReadText(file, maxRecordChars)
                : throw new InvalidDataException($"{file.Name}: a .txt file has no columns, so it cannot carry labels; use .csv or .jsonl"),
            _ => throw new InvalidDataException($"{file.Name}: unsupported file type '{file.Extension}'; use .csv, .jsonl, .json or .txt"),
        };
    }

    private static StreamReader Open(FileInfo file) =>
        new(file.FullName, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });

    private static IEnumerable<TabularRecord> ReadText(FileInfo file, int maxRecordChars)
    {
        using var reader = Open(file);
        var lines = new BoundedLineReader(reader, maxRecordChars);
        long n = 0, number = 0;
        while (lines.TryReadLine(out var line))
        {
            number++;
            if (line is null)
            {
                throw new InvalidDataException($"{file.Name}:{number}: {JsonLinesReader.TooLong(maxRecordChars)}");
            }

            if (line.Length > 0)
            {
                n++;
                yield return new TabularRecord(n.ToString(System.Globalization.CultureInfo.InvariantCulture), line, null, n);
            }
        }
    }

    private static IEnumerable<TabularRecord> ReadCsv(FileInfo file, Columns columns, int maxRecordChars)
    {
        var (textColumn, labelColumn, idColumn, groupColumn) = columns;
        using var reader = Open(file);
        int textIndex = -1, labelIndex = -1, idIndex = -1, groupIndex = -1;
        long n = 0;
        foreach (var record in DelimitedReader.Read(reader, ',', maxRecordChars))
        {
            if (record.Error is not null)
            {
                // A record too long, at the line it starts on; an unterminated quote names the line it opened on itself.
                throw new InvalidDataException(record.Error == DelimitedReader.TooLong(maxRecordChars)
                    ? $"{file.Name}:{record.Line}: {record.Error}"
                    : $"{file.Name}: CSV: {record.Error}");
            }

            var fields = record.Fields;
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

                if (groupColumn is not null)
                {
                    groupIndex = header.IndexOf(groupColumn);
                    if (groupIndex < 0)
                    {
                        throw new InvalidDataException($"{file.Name}: no column '{groupColumn}'; the header has: {string.Join(", ", header)}");
                    }
                }

                continue;
            }

            n++;
            if (textIndex >= fields.Length || labelIndex >= fields.Length || groupIndex >= fields.Length)
            {
                throw new InvalidDataException($"{file.Name}: record {n} has {fields.Length} field(s), fewer than the header");
            }

            var id = idIndex >= 0 && idIndex < fields.Length ? fields[idIndex] : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return new TabularRecord(id, fields[textIndex], labelIndex >= 0 ? fields[labelIndex] : null, n)
            {
                Group = groupIndex >= 0 ? fields[groupIndex] : null,
            };
        }
    }

    private static IEnumerable<TabularRecord> ReadJsonLines(FileInfo file, Columns columns, int maxRecordChars)
    {
        using var reader = Open(file);
        foreach (var entry in JsonLinesReader.Read(reader, maxRecordChars))
        {
            if (entry.Error is not null)
            {
                throw new InvalidDataException($"{file.Name}:{entry.Line}: {entry.Message}");
            }

            yield return FromObject(entry.Value, $"{file.Name}:{entry.Line}", entry.Index + 1, columns);
        }
    }

    private static IEnumerable<TabularRecord> ReadJsonArray(FileInfo file, Columns columns, int maxRecordChars)
    {
        var maxItemBytes = 4L * maxRecordChars;
        using var stream = new ReadBudgetStream(File.OpenRead(file.FullName), maxItemBytes + (1 << 16), read =>
            new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{file.Name}: item {read + 1} is longer than {maxItemBytes:N0} bytes, the most one record may hold")));
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
                stream.Reset(n);
                yield return FromObject(enumerator.Current, $"{file.Name} item {n}", n, columns);
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static TabularRecord FromObject(JsonElement e, string where, long n, Columns columns)
    {
        var (textColumn, labelColumn, idColumn, groupColumn) = columns;
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: expected a JSON object");
        }

        if (JsonUnicode.TryFindUnpairedSurrogate(e, out var path))
        {
            throw new InvalidDataException($"{where}: {JsonUnicode.Describe(path)}");
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

        string? group = null;
        if (groupColumn is not null)
        {
            if (!e.TryGetProperty(groupColumn, out var g))
            {
                throw new InvalidDataException($"{where}: no field '{groupColumn}'");
            }

            group = g.ValueKind switch
            {
                JsonValueKind.String => g.GetString(),
                JsonValueKind.Null => null,
                _ => g.GetRawText(),
            };
        }

        var id = e.TryGetProperty(idColumn, out var idValue) ? (idValue.ValueKind == JsonValueKind.String ? idValue.GetString()! : idValue.GetRawText()) : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new TabularRecord(id, text.GetString()!, label, n) { Group = group };
    }

    private readonly record struct Columns(string Text, string? Label, string Id, string? Group);
}
