using System.Collections;
using System.Globalization;

namespace AlignLab.Evaluation.Suites;

/// <summary>
/// The cases of one or more suites (<see cref="SuiteLoader.Load(string, SuiteOptions?)"/>), read lazily: nothing is held in
/// memory beyond the row being read, so files of any size can be evaluated. Each enumeration reads the files again.
/// Malformed rows are skipped and reported in <see cref="Errors"/> and <see cref="ErrorCount"/> (for the latest
/// enumeration); case ids are made unique across the suites (a repeated id gets a <c>{suite}/</c> prefix).
/// </summary>
public sealed class SuiteSet : IEnumerable<EvalCase>
{
    private readonly IReadOnlyList<Entry> _entries;
    private readonly SuiteOptions _options;
    private readonly List<SuiteError> _errors = [];

    internal SuiteSet(IReadOnlyList<Entry> entries, SuiteOptions options)
    {
        _entries = entries;
        _options = options;
        Suites = [.. entries.Select(e => e.Source)];
    }

    /// <summary>The suites, in reading order.</summary>
    public IReadOnlyList<SuiteSource> Suites { get; }

    /// <summary>The first <see cref="SuiteOptions.MaxStoredErrors"/> problems of the latest enumeration.</summary>
    public IReadOnlyList<SuiteError> Errors => _errors;

    /// <summary>How many rows the latest enumeration skipped as malformed.</summary>
    public long ErrorCount { get; private set; }

    /// <summary>How many cases the latest enumeration produced.</summary>
    public long CaseCount { get; private set; }

    /// <summary>A one-line account of the skipped rows ("3 rows skipped (first: file:line: …)"), or null when none were.</summary>
    public string? ErrorSummary => ErrorCount == 0
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{ErrorCount} malformed row(s) skipped (first: {_errors[0]})");

    /// <inheritdoc/>
    public IEnumerator<EvalCase> GetEnumerator() => Enumerate().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<EvalCase> Enumerate()
    {
        _errors.Clear();
        ErrorCount = 0;
        CaseCount = 0;
        var ids = new SuiteIds();
        foreach (var entry in _entries)
        {
            foreach (var record in SuiteFileReader.Read(entry.Source.Location, entry.Extension, entry.Open, _options))
            {
                if (!TryMap(record, entry.Source.Name, _options, out var evalCase, out var error))
                {
                    ErrorCount++;
                    if (_errors.Count < _options.MaxStoredErrors)
                    {
                        _errors.Add(new SuiteError(entry.Source.Location, record.Line, error));
                    }

                    continue;
                }

                CaseCount++;
                var id = ids.Unique(evalCase.Id, evalCase.Suite);
                yield return ReferenceEquals(id, evalCase.Id) ? evalCase : evalCase with { Id = id };
            }
        }
    }

    /// <summary>Turns a row into a case, or says what is wrong with it.</summary>
    internal static bool TryMap(SuiteRecord record, string suite, SuiteOptions options, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EvalCase? evalCase, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        evalCase = null;
        if (record.Error is not null)
        {
            error = record.Error;
            return false;
        }

        if (string.IsNullOrWhiteSpace(record.Text))
        {
            error = "the text is empty";
            return false;
        }

        CaseLabel label;
        string? labelCategory = null;
        if (string.IsNullOrWhiteSpace(record.Label))
        {
            if (options.DefaultLabel is not { } fallback)
            {
                error = "the label is empty and no default label is set";
                return false;
            }

            label = fallback;
        }
        else if (!SuiteLabels.TryParse(record.Label, out label, out labelCategory, out error))
        {
            return false;
        }

        if (!SuiteLabels.TryCategory(record.Category, out var category, out error))
        {
            return false;
        }

        var id = string.IsNullOrWhiteSpace(record.Id)
            ? string.Create(CultureInfo.InvariantCulture, $"{suite}-{record.Number}")
            : record.Id.Trim();
        evalCase = new EvalCase(id, record.Text, label, suite) {
            Category = category ?? labelCategory,
            Source = string.IsNullOrWhiteSpace(record.Source) ? null : record.Source.Trim(),
        };
        error = null;
        return true;
    }

    /// <summary>One file (or embedded resource) to read.</summary>
    internal sealed record Entry(SuiteSource Source, string Extension, Func<Stream> Open);
}
