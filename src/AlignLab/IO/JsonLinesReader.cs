using System.Globalization;
using System.Text.Json;

namespace AlignLab.IO;

/// <summary>
/// Streams the values of a JSON Lines file with the 1-based line each stands on and its 0-based index among the
/// non-blank lines. Blank and whitespace-only lines are skipped but still counted as lines, so a reported line is the
/// one an editor shows. A line that cannot be used gives an entry with an <see cref="Entry.Error"/> (never an
/// exception) and reading goes on: one that is not JSON, one whose strings are not Unicode text (an unpaired surrogate
/// escape such as <c>"\ud800"</c>), or one longer than the limit given. Each value lives in a document that is disposed
/// when the enumeration moves on: a caller that keeps a value past its iteration must <see cref="JsonElement.Clone"/>
/// it. Memory is bounded by the limit (without one, by the longest line).
/// </summary>
internal static class JsonLinesReader
{
    /// <summary>What is wrong with a line.</summary>
    public enum Problem
    {
        /// <summary>Nothing: the entry has a value.</summary>
        None,

        /// <summary>The line is not JSON (<see cref="Entry.Error"/> is the parser's message).</summary>
        Syntax,

        /// <summary>A string of the value holds an unpaired surrogate escape.</summary>
        NotUnicode,

        /// <summary>The line is longer than the limit; it was skipped without being held.</summary>
        TooLong,
    }

    /// <summary>One non-blank line: where it is, its index among non-blank lines, and its value or why it has none.</summary>
    public readonly record struct Entry(long Line, long Index, JsonElement Value, string? Error, Problem Problem = Problem.None)
    {
        /// <summary>The error as a sentence of its own: a syntax error says it is invalid JSON, the others say what they are.</summary>
        public string? Message => Problem == Problem.Syntax ? "invalid JSON: " + Error : Error;
    }

    /// <summary>Reads every non-blank line of <paramref name="reader"/>; one longer than <paramref name="maxLineChars"/> is an error entry.</summary>
    public static IEnumerable<Entry> Read(TextReader reader, int maxLineChars = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadCore(new BoundedLineReader(reader, maxLineChars), maxLineChars);
    }

    /// <summary>The error of a line longer than <paramref name="maxChars"/>.</summary>
    public static string TooLong(int maxChars) =>
        string.Create(CultureInfo.InvariantCulture, $"the line is longer than {maxChars:N0} characters, the most one record may hold");

    private static IEnumerable<Entry> ReadCore(BoundedLineReader reader, int maxLineChars)
    {
        long line = 0, index = 0;
        while (reader.TryReadLine(out var text))
        {
            line++;
            if (text is null)
            {
                yield return new Entry(line, index++, default, TooLong(maxLineChars), Problem.TooLong);
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonDocument? document = null;
            string? error = null;
            var problem = Problem.None;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                error = JsonText.Describe(ex);
                problem = Problem.Syntax;
            }

            if (document is not null && JsonUnicode.TryFindUnpairedSurrogate(document.RootElement, out var path))
            {
                document.Dispose();
                document = null;
                error = JsonUnicode.Describe(path);
                problem = Problem.NotUnicode;
            }

            using (document)
            {
                yield return new Entry(line, index++, document?.RootElement ?? default, error, problem);
            }
        }
    }
}
