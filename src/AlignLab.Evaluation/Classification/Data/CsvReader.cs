using AlignLab.IO;

namespace AlignLab.Classification.Data;

/// <summary>
/// Comma-separated files read with <see cref="DelimitedReader"/> (RFC 4180, lenient where it is silent), for data that
/// must be whole: an unterminated quoted field throws instead of ending the input with an error record.
/// </summary>
internal static class CsvReader
{
    /// <summary>Parses CSV text into records.</summary>
    public static IEnumerable<string[]> Parse(string text) => Parse(new StringReader(text));

    /// <summary>Parses CSV from a reader into records. An unterminated quoted field throws <see cref="InvalidDataException"/>.</summary>
    public static IEnumerable<string[]> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var record in DelimitedReader.Read(reader, ','))
        {
            if (record.Error is not null)
            {
                throw new InvalidDataException("CSV: " + record.Error);
            }

            yield return record.Fields;
        }
    }

    /// <summary>Reads a UTF-8 CSV file whose first record is the header (gzip-compressed when the name ends in <c>.gz</c>).</summary>
    public static IEnumerable<CsvRow> ReadFile(string path)
    {
        using var reader = DataFiles.OpenText(path);
        Dictionary<string, int>? header = null;
        var index = 0;
        foreach (var record in Parse(reader))
        {
            if (header is null)
            {
                header = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < record.Length; i++)
                {
                    header.TryAdd(record[i], i);
                }

                continue;
            }

            yield return new CsvRow(path, index++, header, record);
        }
    }
}
