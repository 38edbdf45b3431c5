using System.Globalization;
using AlignLab.Cai.Preferences;

namespace AlignLab.Server.Preferences.Ratings;

/// <summary>
/// Reads an uploaded pairs or candidates file (<c>pairs.jsonl</c>, or <c>prefs collect</c>'s candidate sets: every two
/// answers to a prompt make an item) into rating items. Model names are dropped here: nothing that says which model
/// wrote an answer is stored. A line that cannot be used is counted and the first <see cref="MaxListed"/> are kept with
/// their line numbers; the rest of the file is still read.
/// </summary>
internal static class RatingImport
{
    /// <summary>The longest line accepted (longer lines are reported and skipped, never held whole).</summary>
    public const int MaxLineChars = 1_000_000;

    /// <summary>The most items one import may hold.</summary>
    public const int MaxItems = 100_000;

    /// <summary>How many bad lines are listed (all are counted).</summary>
    public const int MaxListed = 50;

    /// <summary>
    /// Reads <paramref name="reader"/>. <paramref name="invalidUtf8Lines"/>: the numbers of lines whose bytes were not
    /// UTF-8 (the decoder replaced them, so the text alone cannot tell): each is reported and skipped.
    /// </summary>
    public static RatingImportResult Read(TextReader reader, IReadOnlySet<long>? invalidUtf8Lines = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var items = new List<RatingImportItem>();
        var errors = new List<(long Line, string Message)>();
        var malformed = 0;
        var overLimit = 0;
        foreach (var entry in PreferenceInput.Read(reader, MaxLineChars))
        {
            string? error = entry.Error;
            if (invalidUtf8Lines?.Contains(entry.Line) == true)
            {
                error = "the line is not valid UTF-8 text";
            }
            else if (entry.Item is { } item)
            {
                if (string.IsNullOrWhiteSpace(item.Prompt) || string.IsNullOrWhiteSpace(item.AnswerA) || string.IsNullOrWhiteSpace(item.AnswerB))
                {
                    error = "the prompt and both answers must be non-empty";
                }
                else if (item.Prompt.Contains('\0', StringComparison.Ordinal) || item.AnswerA.Contains('\0', StringComparison.Ordinal)
                    || item.AnswerB.Contains('\0', StringComparison.Ordinal))
                {
                    error = "the prompt or an answer holds a NUL character (\\u0000), which a PostgreSQL store cannot keep";
                }
                else if (items.Count >= MaxItems)
                {
                    overLimit++;
                    continue;
                }
                else
                {
                    items.Add(new RatingImportItem(item.Id, entry.Line, item.Prompt, item.AnswerA, item.AnswerB));
                    continue;
                }
            }

            malformed++;
            if (errors.Count < MaxListed)
            {
                errors.Add((entry.Line, error ?? "unusable line"));
            }
        }

        if (overLimit > 0 && errors.Count < MaxListed)
        {
            errors.Add((0, string.Create(CultureInfo.InvariantCulture,
                $"{overLimit:N0} item(s) past the first {MaxItems:N0} were left out; split the file")));
        }

        return new RatingImportResult(items, malformed, overLimit, errors);
    }

    /// <summary>
    /// The 1-based numbers of the lines of <paramref name="body"/> that are not UTF-8 (<see cref="AlignLab.IO.Utf8Text.InvalidLines"/>,
    /// the check suite files get), read from its current position.
    /// </summary>
    public static IReadOnlySet<long> InvalidUtf8Lines(Stream body) => new HashSet<long>(AlignLab.IO.Utf8Text.InvalidLines(body));
}
