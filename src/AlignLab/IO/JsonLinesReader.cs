using System.Text.Json;

namespace AlignLab.IO;

/// <summary>
/// Streams the values of a JSON Lines file with the 1-based line each stands on and its 0-based index among the
/// non-blank lines. Blank and whitespace-only lines are skipped but still counted as lines, so a reported line is the
/// one an editor shows. A line that is not JSON gives an entry with an <see cref="Entry.Error"/> (never an exception)
/// and reading goes on. Each value lives in a document that is disposed when the enumeration moves on: a caller that
/// keeps a value past its iteration must <see cref="JsonElement.Clone"/> it. Memory is bounded by the longest line.
/// </summary>
internal static class JsonLinesReader
{
    /// <summary>One non-blank line: where it is, its index among non-blank lines, and its value or why it has none.</summary>
    public readonly record struct Entry(long Line, long Index, JsonElement Value, string? Error);

    /// <summary>Reads every non-blank line of <paramref name="reader"/>.</summary>
    public static IEnumerable<Entry> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadCore(reader);
    }

    private static IEnumerable<Entry> ReadCore(TextReader reader)
    {
        long line = 0, index = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonDocument? document = null;
            string? error = null;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                error = JsonText.Describe(ex);
            }

            using (document)
            {
                yield return new Entry(line, index++, document?.RootElement ?? default, error);
            }
        }
    }
}
