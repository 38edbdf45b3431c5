using System.Globalization;

namespace AlignLab.Training.Data;

/// <summary>
/// The line loop of the JSONL readers: each non-blank line parsed on its own, a bad one reported as <c>NAME:LINE: problem</c>
/// and skipped.
/// </summary>
internal static class JsonlLines
{
    /// <summary>Parses a line (with its 1-based number) into a value, or says what is wrong with it.</summary>
    public delegate (T? Value, string? Problem) Parser<T>(string line, int number)
        where T : class;

    public static (IReadOnlyList<T> Values, IReadOnlyList<string> Problems) Read<T>(TextReader reader, string name, Parser<T> parse)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(reader);
        var values = new List<T>();
        var problems = new List<string>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (value, problem) = parse(line, number);
            if (value is not null)
            {
                values.Add(value);
            }
            else
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}:{number}: {problem}"));
            }
        }

        return (values, problems);
    }
}
