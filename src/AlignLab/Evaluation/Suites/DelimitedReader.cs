using System.Text;

namespace AlignLab.Evaluation.Suites;

/// <summary>
/// Streams the records of a CSV (comma) or TSV (tab) file with the line each record starts on. Fields may be enclosed
/// in double quotes, and a quoted field may hold delimiters, line breaks and doubled quotes. Blank lines are skipped.
/// An unterminated quoted field is reported as an error record, never thrown.
/// </summary>
internal static class DelimitedReader
{
    /// <summary>A record: its fields, the line it starts on, and an error when it is malformed.</summary>
    public readonly record struct Record(string[] Fields, long Line, string? Error);

    public static IEnumerable<Record> Read(TextReader reader, char delimiter)
    {
        var buffer = new char[1 << 16];
        int pos = 0, len = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, recordLine = 1;
        bool inQuotes = false, quoted = false, started = false, pendingCr = false;
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

            var c = buffer[pos++];
            if (pendingCr)
            {
                pendingCr = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            if (inQuotes)
            {
                if (c == '"')
                {
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
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                quoted = false;
                started = true;
            }
            else if (c == '"' && field.Length == 0 && !quoted)
            {
                inQuotes = quoted = started = true;
            }
            else if (c is '\r' or '\n')
            {
                pendingCr = c == '\r';
                if (started || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    yield return new Record([.. fields], recordLine, null);
                }

                fields.Clear();
                field.Clear();
                quoted = started = false;
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
                started = true;
            }
        }

        if (inQuotes)
        {
            yield return new Record([], recordLine, "a quoted field is never closed (the rest of the file is part of it)");
        }
        else if (started || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new Record([.. fields], recordLine, null);
        }
    }
}
