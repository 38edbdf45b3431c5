using System.Buffers;
using System.Text;

namespace AlignLab.IO;

/// <summary>
/// Streams the records of a delimited file (CSV with commas, TSV with tabs) with the line each record starts on,
/// following RFC 4180: a field may be enclosed in double quotes, and a quoted field may hold delimiters, line breaks
/// and doubled quotes (<c>""</c>). Records end at CRLF, LF or CR; blank lines are skipped (as Python's
/// <c>csv.DictReader</c> does) and a trailing line break does not make an extra record. Text inside quotes is kept
/// verbatim, line breaks included. Lenient where the RFC is silent: a quote inside an unquoted field is a literal
/// character, and text after a closing quote is appended to the field. An unterminated quoted field ends the input
/// with an error record (never an exception), whose line is the one the quote opened on. Memory is bounded by the
/// longest record.
/// </summary>
internal static class DelimitedReader
{
    private const int BufferSize = 64 * 1024;

    private static readonly SearchValues<char> CommaSpecials = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> TabSpecials = SearchValues.Create("\t\"\r\n");

    /// <summary>A record: its fields, the line it starts on (1-based), and an error when it is malformed.</summary>
    public readonly record struct Record(string[] Fields, long Line, string? Error);

    /// <summary>Reads every record of <paramref name="reader"/>; <paramref name="delimiter"/> is ',' or '\t'.</summary>
    public static IEnumerable<Record> Read(TextReader reader, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var specials = delimiter switch
        {
            ',' => CommaSpecials,
            '\t' => TabSpecials,
            _ => throw new ArgumentOutOfRangeException(nameof(delimiter), delimiter, "the delimiter must be a comma or a tab"),
        };
        return ReadCore(reader, delimiter, specials);
    }

    private static IEnumerable<Record> ReadCore(TextReader reader, char delimiter, SearchValues<char> specials)
    {
        var buffer = new char[BufferSize];
        int pos = 0, len = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var fieldQuoted = false;
        var recordStarted = false;
        long line = 1, recordLine = 1, quoteLine = 0;

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
            var stop = plain.IndexOfAny(specials);
            if (stop != 0)
            {
                var run = stop < 0 ? plain : plain[..stop];
                field.Append(run);
                recordStarted = true;
                pos += run.Length;
                continue;
            }

            var ch = buffer[pos++];
            if (ch == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldQuoted = false;
                recordStarted = true;
            }
            else if (ch == '"')
            {
                if (field.Length == 0 && !fieldQuoted)
                {
                    inQuotes = true;
                    fieldQuoted = true;
                    quoteLine = line;
                }
                else
                {
                    // A quote inside an unquoted field (or after a closing quote) is literal.
                    field.Append(ch);
                }

                recordStarted = true;
            }
            else
            {
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

                if (recordStarted || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    yield return new Record([.. fields], recordLine, null);
                }

                fields.Clear();
                field.Clear();
                fieldQuoted = false;
                recordStarted = false;
                line++;
                recordLine = line;
            }
        }

        if (inQuotes)
        {
            yield return new Record([], quoteLine, $"the quoted field opened on line {quoteLine} is never closed (the rest of the file is part of it)");
        }
        else if (recordStarted || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new Record([.. fields], recordLine, null);
        }
    }
}
