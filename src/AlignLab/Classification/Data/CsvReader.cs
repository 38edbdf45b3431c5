using System.Buffers;
using System.Text;

namespace AlignLab.Classification.Data;

/// <summary>
/// A small RFC 4180 CSV reader: comma-separated fields, optionally enclosed in double quotes; a quoted field may
/// contain commas, line breaks and doubled quotes (<c>""</c>). Records end at CRLF, LF or CR. Blank lines are
/// skipped (as Python's <c>csv.DictReader</c> does) and a trailing line break does not make an extra record.
/// Text inside quotes is kept verbatim, line breaks included. Lenient where the RFC is silent: a quote inside an
/// unquoted field is a literal character, and text after a closing quote is appended to the field.
/// </summary>
internal static class CsvReader
{
    private const int BufferSize = 64 * 1024;

    private static readonly SearchValues<char> Specials = SearchValues.Create(",\"\r\n");

    /// <summary>Parses CSV text into records.</summary>
    public static IEnumerable<string[]> Parse(string text) => Parse(new StringReader(text));

    /// <summary>Parses CSV from a reader into records. An unterminated quoted field throws <see cref="InvalidDataException"/>.</summary>
    public static IEnumerable<string[]> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = new char[BufferSize];
        int pos = 0, len = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var fieldQuoted = false;
        var recordStarted = false;
        var line = 1L;
        var quoteLine = 0L;

        while (true)
        {
            if (pos == len)
            {
                len = reader.Read(buffer, 0, buffer.Length);
                pos = 0;
                if (len <= 0)
                {
                    break;
                }
            }

            if (inQuotes)
            {
                // Copy up to the next quote; a quote then either doubles ("" is a literal quote) or closes the field.
                var quoted = buffer.AsSpan(pos, len - pos);
                var q = quoted.IndexOf('"');
                var chunk = q < 0 ? quoted : quoted[..q];
                field.Append(chunk);
                line += chunk.Count('\n');
                pos += chunk.Length;
                if (q < 0)
                {
                    continue;
                }

                pos++;
                if (pos == len)
                {
                    len = reader.Read(buffer, 0, buffer.Length);
                    pos = 0;
                }

                if (len > 0 && buffer[pos] == '"')
                {
                    pos++;
                    field.Append('"');
                }
                else
                {
                    inQuotes = false;
                }

                continue;
            }

            var plain = buffer.AsSpan(pos, len - pos);
            var stop = plain.IndexOfAny(Specials);
            if (stop != 0)
            {
                var run = stop < 0 ? plain : plain[..stop];
                field.Append(run);
                recordStarted = true;
                pos += run.Length;
                continue;
            }

            var ch = buffer[pos++];
            switch (ch)
            {
                case '"' when field.Length == 0 && !fieldQuoted:
                    inQuotes = true;
                    fieldQuoted = true;
                    recordStarted = true;
                    quoteLine = line;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldQuoted = false;
                    recordStarted = true;
                    break;
                case '\r':
                case '\n':
                    if (ch == '\r')
                    {
                        if (pos == len)
                        {
                            len = reader.Read(buffer, 0, buffer.Length);
                            pos = 0;
                        }

                        if (len > 0 && buffer[pos] == '\n')
                        {
                            pos++;
                        }
                    }

                    line++;
                    if (recordStarted || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        yield return [.. fields];
                    }

                    fields.Clear();
                    field.Clear();
                    fieldQuoted = false;
                    recordStarted = false;
                    break;
                default:
                    // A quote inside an unquoted field (or after a closing quote) is literal.
                    field.Append(ch);
                    recordStarted = true;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new InvalidDataException($"CSV: the quoted field opened on line {quoteLine} is never closed");
        }

        if (recordStarted || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return [.. fields];
        }
    }

    /// <summary>Reads a UTF-8 CSV file whose first record is the header.</summary>
    public static IEnumerable<CsvRow> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
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
