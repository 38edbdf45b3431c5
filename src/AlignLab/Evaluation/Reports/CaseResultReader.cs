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
        string? current = null;
        var currentLine = 0;
        var lineNumber = 0;
        while (true)
        {
            var next = _reader.ReadLine();
            if (next is not null)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(next))
                {
                    continue;
                }
            }

            if (current is not null)
            {
                if (Parse(current, currentLine, isLast: next is null) is { } result)
                {
                    ResultsRead++;
                    yield return result;
                }
            }

            if (next is null)
            {
                yield break;
            }

            current = next;
            currentLine = lineNumber;
        }
    }

    /// <summary>The results, in file order, read asynchronously.</summary>
    public async IAsyncEnumerable<CaseResult> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? current = null;
        var currentLine = 0;
        var lineNumber = 0;
        while (true)
        {
            var next = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (next is not null)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(next))
                {
                    continue;
                }
            }

            if (current is not null)
            {
                if (Parse(current, currentLine, isLast: next is null) is { } result)
                {
                    ResultsRead++;
                    yield return result;
                }
            }

            if (next is null)
            {
                yield break;
            }

            current = next;
            currentLine = lineNumber;
        }
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
}
