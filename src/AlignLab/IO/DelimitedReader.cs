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
/// with an error record (never an exception), whose line is the one the quote opened on. A record of more characters
/// than the limit given (its fields, without quotes and delimiters) is an error record too, and its text is dropped as
/// it is read, so memory is bounded by the limit (without one, by the longest record).
/// </summary>
internal static class DelimitedReader
{
    private const int BufferSize = 64 * 1024;

    private static readonly SearchValues<char> CommaSpecials = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> TabSpecials = SearchValues.Create("\t\"\r\n");

    /// <summary>A record: its fields, the line it starts on (1-based), and an error when it is malformed.</summary>
    public readonly record struct Record(string[] Fields, long Line, string? Error);

    /// <summary>
    /// Reads every record of <paramref name="reader"/>; <paramref name="delimiter"/> is ',' or '\t'. A record holding more
    /// than <paramref name="maxRecordChars"/> characters is an error record (and reading goes on).
    /// </summary>
    public static IEnumerable<Record> Read(TextReader reader, char delimiter, int maxRecordChars = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var specials = delimiter switch
        {
            ',' => CommaSpecials,
            '\t' => TabSpecials,
            _ => throw new ArgumentOutOfRangeException(nameof(delimiter), delimiter, "the delimiter must be a comma or a tab"),
        };
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordChars, 1);
        return ReadCore(reader, delimiter, specials, maxRecordChars);
    }

    /// <summary>The error of a record longer than <paramref name="maxChars"/>.</summary>
    public static string TooLong(int maxChars) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the record is longer than {maxChars:N0} characters, the most one record may hold");

    private static IEnumerable<Record> ReadCore(TextReader reader, char delimiter, SearchValues<char> specials, int maxRecordChars)
    {
        var buffer = new char[BufferSize];
        int pos = 0, len = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var fieldQuoted = false;
        var recordStarted = false;
        long line = 1, recordLine = 1, quoteLine = 0;
        long recordChars = 0; // characters of the record so far, fields already added included
        var tooLong = false;

        // Keeps a run of the field unless the record has grown past the limit; from then on its text is dropped.
        void Keep(ReadOnlySpan<char> run)
        {
            if (tooLong)
            {
                return;
            }

            recordChars += run.Length;
            if (recordChars > maxRecordChars)
            {
                Drop();
            }
            else
            {
                field.Append(run);
            }
        }

        void Drop()
        {
            tooLong = true;
            fields.Clear();
            field.Clear();
        }

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
                Keep(chunk);
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
                    Keep("\"");
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
                Keep(run);
                recordStarted = true;
                pos += run.Length;
                continue;
            }

            var ch = buffer[pos++];
            if (ch == delimiter)
            {
                if (!tooLong && ++recordChars > maxRecordChars)
                {
                    Drop(); // a delimiter counts as a character, so a record of delimiters alone is bounded too
                }

                if (!tooLong)
                {
                    fields.Add(field.ToString());
                }

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
                    Keep("\"");
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

                if (tooLong)
                {
                    yield return new Record([], recordLine, TooLong(maxRecordChars));
                }
                else if (recordStarted || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    yield return new Record([.. fields], recordLine, null);
                }

                tooLong = false;
                recordChars = 0;
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
        else if (tooLong)
        {
            yield return new Record([], recordLine, TooLong(maxRecordChars));
        }
        else if (recordStarted || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new Record([.. fields], recordLine, null);
        }
    }
}
