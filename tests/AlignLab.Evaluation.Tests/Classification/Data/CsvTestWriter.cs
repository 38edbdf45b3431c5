using System.Text;

namespace AlignLab.Tests.Classification.Data;

/// <summary>An RFC 4180 writer for round-trip tests of the CSV reader.</summary>
internal static class CsvTestWriter
{
    public static string Write(IReadOnlyList<string[]> records, string newline, bool quoteAll, bool trailingNewline, char delimiter = ',')
    {
        var sb = new StringBuilder();
        for (var r = 0; r < records.Count; r++)
        {
            var fields = records[r];
            for (var f = 0; f < fields.Length; f++)
            {
                if (f > 0)
                {
                    sb.Append(delimiter);
                }

                var value = fields[f];
                // A record of one empty field must be quoted, or it would read as a blank line.
                var quote = quoteAll || (fields.Length == 1 && value.Length == 0) || value.AsSpan().IndexOfAny(delimiter, '"', '\r') >= 0 || value.Contains('\n', StringComparison.Ordinal);
                if (quote)
                {
                    sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
                else
                {
                    sb.Append(value);
                }
            }

            if (r < records.Count - 1 || trailingNewline)
            {
                sb.Append(newline);
            }
        }

        return sb.ToString();
    }
}
