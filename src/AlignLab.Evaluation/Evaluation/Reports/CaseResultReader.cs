using System.Runtime.CompilerServices;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// Streams the results of a <c>results.jsonl</c> in constant memory. A run that crashed may leave its last line torn
/// (half written): an unparseable <em>last</em> line is skipped and counted in <see cref="SkippedLines"/>; an unparseable
/// line anywhere else is corruption and throws <see cref="InvalidDataException"/> with its line number. Blank lines are ignored.
/// Enumerate once, with either <see cref="Read"/> or <see cref="ReadAsync"/>.
/// </summary>
public sealed class CaseResultReader
{
    private readonly TextReader _reader;

    /// <summary>Reads from <paramref name="reader"/> (not disposed by this class).</summary>
    public CaseResultReader(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    /// <summary>Lines skipped so far (0 or 1: a torn last line). Final once enumeration has finished.</summary>
    public int SkippedLines { get; private set; }

    /// <summary>Why the last line was skipped, when it was.</summary>
    public string? SkippedReason { get; private set; }

    /// <summary>Results read so far.</summary>
    public int ResultsRead { get; private set; }

    /// <summary>The results, in file order.</summary>
    public IEnumerable<CaseResult> Read()
    {
        var cursor = new Cursor();
        bool done;
        do
        {
            if (Step(cursor, _reader.ReadLine(), out done) is { } result)
            {
                yield return result;
            }
        }
        while (!done);
    }

    /// <summary>The results, in file order, read asynchronously.</summary>
    public async IAsyncEnumerable<CaseResult> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = new Cursor();
        bool done;
        do
        {
            if (Step(cursor, await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false), out done) is { } result)
            {
                yield return result;
            }
        }
        while (!done);
    }

    /// <summary>
    /// Feeds the next line (null at the end). A line is parsed only once the following one has been read, so the
    /// reader knows whether it is the last (a torn last line is skipped, a bad line elsewhere is an error).
    /// </summary>
    private CaseResult? Step(Cursor cursor, string? next, out bool done)
    {
        done = next is null;
        if (next is not null)
        {
            cursor.LineNumber++;
            if (string.IsNullOrWhiteSpace(next))
            {
                return null;
            }
        }

        CaseResult? result = null;
        if (cursor.Current is not null && Parse(cursor.Current, cursor.CurrentLine, isLast: next is null) is { } parsed)
        {
            ResultsRead++;
            result = parsed;
        }

        cursor.Current = next;
        cursor.CurrentLine = cursor.LineNumber;
        return result;
    }

    private CaseResult? Parse(string line, int lineNumber, bool isLast)
    {
        try
        {
            return EvalReportJson.ReadResult(line);
        }
        catch (Exception e) when (isLast && e is InvalidDataException or InvalidOperationException or FormatException)
        {
            SkippedLines++;
            SkippedReason = $"line {lineNumber} is incomplete (torn write from an interrupted run?): {e.Message}";
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"results line {lineNumber}: {e.Message}", e);
        }
    }

    private sealed class Cursor
    {
        public string? Current { get; set; }

        public int CurrentLine { get; set; }

        public int LineNumber { get; set; }
    }
}
