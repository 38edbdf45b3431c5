using System.Text;
using System.Text.Json;
using AlignLab.IO;

namespace AlignLab.Evaluation.Suites;

/// <summary>
/// Reads the rows of one suite file (.csv, .tsv, .jsonl/.ndjson, .json array, .txt) as <see cref="SuiteRecord"/>s in
/// constant memory. Problems that make the whole file unusable (a missing column, no labels) throw a
/// <see cref="SuiteException"/> when enumeration starts; a malformed row becomes an error record and reading goes on.
/// Malformed rows include rows whose strings are not Unicode text (an unpaired surrogate escape such as
/// <c>"\ud800"</c>) and rows longer than <see cref="SuiteOptions.MaxRowChars"/>, which are never held whole.
/// </summary>
internal static class SuiteFileReader
{
    /// <summary>The supported extensions (lower case, with the dot).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".txt"];

    public static bool IsSupported(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Reads <paramref name="open"/>'s content, named <paramref name="file"/> in messages, in the format of <paramref name="extension"/>.</summary>
    public static IEnumerable<SuiteRecord> Read(string file, string extension, Func<Stream> open, SuiteOptions options) =>
        extension.ToLowerInvariant() switch
        {
            ".csv" => RejectInvalidUtf8(ReadDelimited(file, open, options, ','), open),
            ".tsv" => RejectInvalidUtf8(ReadDelimited(file, open, options, '\t'), open),
            ".jsonl" or ".ndjson" => RejectInvalidUtf8(ReadJsonLines(file, open, options), open),
            ".json" => ReadJsonArray(file, open, options), // the JSON reader rejects invalid UTF-8 itself
            ".txt" => RejectInvalidUtf8(ReadText(file, open, options), open),
            _ => throw new SuiteException(file, 0, $"unsupported file type '{extension}'; use {string.Join(", ", Extensions)}"),
        };

    /// <summary>
    /// Turns each row that spans a line holding invalid UTF-8 into an error row: the text reader would otherwise hand it
    /// over with U+FFFD in place of the bad bytes, and it would be evaluated as text nobody wrote. A first pass over the
    /// file finds those lines; a row spans the lines from its own up to the next row's.
    /// </summary>
    private static IEnumerable<SuiteRecord> RejectInvalidUtf8(IEnumerable<SuiteRecord> records, Func<Stream> open)
    {
        List<long> badLines;
        using (var stream = open())
        {
            badLines = [.. Utf8Text.InvalidLines(stream)];
        }

        if (badLines.Count == 0)
        {
            foreach (var record in records)
            {
                yield return record;
            }

            yield break;
        }

        var next = 0; // index of the first bad line not yet attributed to a row
        SuiteRecord? held = null;
        foreach (var record in records)
        {
            if (held is { } previous)
            {
                yield return Check(previous, record.Line);
            }

            held = record;
        }

        if (held is { } last)
        {
            yield return Check(last, long.MaxValue);
        }

        SuiteRecord Check(SuiteRecord record, long nextLine)
        {
            while (next < badLines.Count && badLines[next] < record.Line)
            {
                next++; // before the first row (a header): its problem shows as a column that is not found
            }

            if (next < badLines.Count && badLines[next] < nextLine)
            {
                var line = badLines[next];
                while (next < badLines.Count && badLines[next] < nextLine)
                {
                    next++;
                }

                if (record.Error is null)
                {
                    return SuiteRecord.Bad(record.Line, record.Number, $"line {line} is not valid UTF-8 (save the file as UTF-8)");
                }
            }

            return record;
        }
    }

    private static StreamReader Reader(Stream stream) =>
        new(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

    private static IEnumerable<SuiteRecord> ReadText(string file, Func<Stream> open, SuiteOptions options)
    {
        if (options.TextColumn is not null || options.LabelColumn is not null || options.CategoryColumn is not null || options.IdColumn is not null)
        {
            throw new SuiteException(file, 0, "a .txt file has one text per line and no columns, so column options do not apply; use .csv, .tsv or .jsonl for columns");
        }

        RequireDefaultLabel(file, options, "a .txt file");
        using var reader = Reader(open());
        var lines = new BoundedLineReader(reader, options.MaxRowChars);
        long line = 0, n = 0;
        while (lines.TryReadLine(out var text))
        {
            line++;
            if (text is null)
            {
                yield return SuiteRecord.Bad(line, ++n, JsonLinesReader.TooLong(options.MaxRowChars));
            }
            else if (text.Length > 0)
            {
                n++;
                yield return new SuiteRecord(line, n, text, null, null, null, null, null);
            }
        }
    }

    private static IEnumerable<SuiteRecord> ReadDelimited(string file, Func<Stream> open, SuiteOptions options, char delimiter)
    {
        using var reader = Reader(open());
        string[]? header = null;
        int text = -1, label = -1, category = -1, id = -1, source = -1;
        long n = 0;
        foreach (var record in DelimitedReader.Read(reader, delimiter, options.MaxRowChars))
        {
            if (record.Error is not null)
            {
                if (header is null)
                {
                    throw new SuiteException(file, record.Line, record.Error);
                }

                yield return SuiteRecord.Bad(record.Line, ++n, record.Error);
                continue;
            }

            if (header is null)
            {
                header = [.. record.Fields.Select(f => f.Trim())];
                var columns = SuiteColumns.Resolve(header, options, file, record.Line);
                text = Array.IndexOf(header, columns.Text);
                label = columns.Label is null ? -1 : Array.IndexOf(header, columns.Label);
                category = columns.Category is null ? -1 : Array.IndexOf(header, columns.Category);
                id = columns.Id is null ? -1 : Array.IndexOf(header, columns.Id);
                source = columns.Source is null ? -1 : Array.IndexOf(header, columns.Source);
                continue;
            }

            n++;
            var fields = record.Fields;
            if (text >= fields.Length)
            {
                yield return SuiteRecord.Bad(record.Line, n, $"the row has {fields.Length} field(s) but the text column '{header[text]}' is field {text + 1} (the header has {header.Length})");
                continue;
            }

            yield return new SuiteRecord(record.Line, n, fields[text], At(fields, label), At(fields, category), At(fields, id), At(fields, source), null);
        }

        if (header is null)
        {
            throw new SuiteException(file, 0, "the file is empty; expected a header row");
        }
    }

    private static string? At(string[] fields, int index) => index >= 0 && index < fields.Length ? fields[index] : null;

    private static IEnumerable<SuiteRecord> ReadJsonLines(string file, Func<Stream> open, SuiteOptions options)
    {
        using var reader = Reader(open());
        SuiteColumns? columns = null;
        foreach (var entry in JsonLinesReader.Read(reader, options.MaxRowChars))
        {
            var n = entry.Index + 1;
            yield return entry.Message is { } error
                ? SuiteRecord.Bad(entry.Line, n, error)
                : FromElement(entry.Value, file, entry.Line, n, options, ref columns);
        }
    }

    private static IEnumerable<SuiteRecord> ReadJsonArray(string file, Func<Stream> open, SuiteOptions options)
    {
        using var stream = open();
        SuiteColumns? columns = null;
        long n = 0;
        foreach (var item in JsonArrayReader.Read(stream, 4L * options.MaxRowChars))
        {
            if (item.Document is null)
            {
                if (n == 0)
                {
                    throw new SuiteException(file, item.Line, item.Error!);
                }

                yield return SuiteRecord.Bad(item.Line, n + 1, item.Error!);
                yield break;
            }

            n++;
            using (item.Document)
            {
                yield return FromElement(item.Document.RootElement, file, item.Line, n, options, ref columns);
            }
        }
    }

    private static SuiteRecord FromElement(JsonElement e, string file, long line, long n, SuiteOptions options, ref SuiteColumns? columns)
    {
        if (JsonUnicode.TryFindUnpairedSurrogate(e, out var path))
        {
            return SuiteRecord.Bad(line, n, JsonUnicode.Describe(path));
        }

        if (e.ValueKind == JsonValueKind.String)
        {
            // A bare string is a text, as in a .txt file.
            RequireDefaultLabel(file, options, "a JSON string item");
            return new SuiteRecord(line, n, e.GetString(), null, null, null, null, null);
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            return SuiteRecord.Bad(line, n, $"expected a JSON object (or a string), found {e.ValueKind.ToString().ToLowerInvariant()}");
        }

        columns ??= SuiteColumns.Resolve([.. e.EnumerateObject().Select(p => p.Name)], options, file, line).WithDefaultNames();
        if (!e.TryGetProperty(columns.Text, out var text))
        {
            return SuiteRecord.Bad(line, n, $"no field '{columns.Text}'");
        }

        if (text.ValueKind != JsonValueKind.String)
        {
            return SuiteRecord.Bad(line, n, $"field '{columns.Text}' is {text.ValueKind.ToString().ToLowerInvariant()}, not a string");
        }

        return new SuiteRecord(line, n, text.GetString(), Value(e, columns.Label), Value(e, columns.Category), Value(e, columns.Id), Value(e, columns.Source), null);
    }

    private static string? Value(JsonElement e, string? name)
    {
        if (name is null || !e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.GetRawText(),
        };
    }

    private static void RequireDefaultLabel(string file, SuiteOptions options, string what)
    {
        if (options.DefaultLabel is null)
        {
            throw new SuiteException(file, 0, $"{what} carries no label; set a default label for its rows (harmful, benign or contrast)");
        }
    }
}
