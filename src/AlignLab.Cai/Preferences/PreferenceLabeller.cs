using AlignLab.Evaluation;

namespace AlignLab.Cai.Preferences;

/// <summary>
/// Streams a preference input through a <see cref="PreferenceJudge"/> in constant memory: at most
/// <see cref="PreferenceLabelRunOptions.Concurrency"/> items are in flight, and results are written in input order as
/// they finish. Decided items go to the output as <see cref="LabelledPair"/> lines; ties go to
/// <see cref="PreferenceLabelRunOptions.Ties"/> when set; errors and malformed lines are counted and listed in the summary.
/// </summary>
public static class PreferenceLabeller
{
    /// <summary>Labels every item of <paramref name="input"/>, writing one line per decided item to <paramref name="output"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (lines written so far stay).</exception>
    public static async Task<PreferenceLabelSummary> RunAsync(
        IEnumerable<PreferenceInputEntry> input,
        PreferenceJudge judge,
        TextWriter output,
        PreferenceLabelRunOptions? options = null,
        IProgress<PreferenceLabelProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new PreferenceLabelRunOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        var tally = new Tally(options.MaxListed);
        var pending = new Queue<(PreferenceItem Item, Task<PreferenceLabel> Label)>();
        try
        {
            foreach (var entry in input)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.Item is not { } item)
                {
                    tally.AddMalformed(entry.Line, entry.Error ?? "unusable line");
                    progress?.Report(tally.Progress);
                    continue;
                }

                if (options.Done?.Contains(item.Id) == true)
                {
                    tally.Resumed++;
                    continue;
                }

                pending.Enqueue((item, judge.LabelAsync(item, cancellationToken)));
                while (pending.Count >= options.Concurrency)
                {
                    await WriteNextAsync(pending, output, options.Ties, tally).ConfigureAwait(false);
                    progress?.Report(tally.Progress);
                }
            }

            while (pending.Count > 0)
            {
                await WriteNextAsync(pending, output, options.Ties, tally).ConfigureAwait(false);
                progress?.Report(tally.Progress);
            }
        }
        finally
        {
            // Cancelled or failed: let the calls in flight finish before the caller disposes the judge's client.
            foreach (var (_, label) in pending)
            {
                await ((Task)label).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return tally.Summary();
    }

    private static async Task WriteNextAsync(
        Queue<(PreferenceItem Item, Task<PreferenceLabel> Label)> pending, TextWriter output, TextWriter? ties, Tally tally)
    {
        var (item, task) = pending.Dequeue();
        var label = await task.ConfigureAwait(false);
        tally.Add(item, label);
        if (label.Outcome == PreferenceOutcome.Error)
        {
            return;
        }

        var target = label.Outcome == PreferenceOutcome.Tie ? ties : output;
        if (target is null)
        {
            return;
        }

        var bFirst = label.Outcome == PreferenceOutcome.B;
        var line = PreferenceJson.ToLine(new LabelledPair
        {
            Prompt = item.Prompt,
            Chosen = bFirst ? item.AnswerB : item.AnswerA,
            Rejected = bFirst ? item.AnswerA : item.AnswerB,
            Id = item.Id,
            Label = label,
        });
        await target.WriteLineAsync(line).ConfigureAwait(false);
    }

    private sealed class Tally(int maxListed)
    {
        private readonly List<string> _malformedLines = [];
        private readonly List<string> _errorSamples = [];
        private readonly HashSet<string> _sources = [];
        private int _items, _labelled, _ties, _errors, _malformed, _human, _agree, _first, _picked;

        public int Resumed { get; set; }

        public PreferenceLabelProgress Progress => new(_items, _labelled, _ties, _errors, _malformed);

        public void AddMalformed(long line, string error)
        {
            _malformed++;
            if (_malformedLines.Count < maxListed)
            {
                _malformedLines.Add($"line {line}: {error}");
            }
        }

        public void Add(PreferenceItem item, PreferenceLabel label)
        {
            _items++;
            switch (label.Outcome)
            {
                case PreferenceOutcome.Error:
                    _errors++;
                    if (_errorSamples.Count < maxListed)
                    {
                        _errorSamples.Add($"{item.Id}: {label.Orders.Select(o => o.Error).FirstOrDefault(e => e is not null)}");
                    }

                    return;
                case PreferenceOutcome.Tie:
                    _ties++;
                    break;
                default:
                    _labelled++;
                    break;
            }

            if (label.HumanAgrees is { } agrees)
            {
                _human++;
                _agree += agrees ? 1 : 0;
            }

            if (label.ConfidenceSource is { } source)
            {
                _sources.Add(source);
            }

            foreach (var order in label.Orders.Where(o => o.Winner is PreferenceOutcome.A or PreferenceOutcome.B))
            {
                _picked++;
                var shownFirst = order.Order == "ab" ? PreferenceOutcome.A : PreferenceOutcome.B;
                _first += order.Winner == shownFirst ? 1 : 0;
            }
        }

        public PreferenceLabelSummary Summary() => new()
        {
            Items = _items,
            Labelled = _labelled,
            Ties = _ties,
            Errors = _errors,
            Malformed = _malformed,
            Resumed = Resumed,
            MalformedLines = _malformedLines,
            ErrorSamples = _errorSamples,
            TieRate = WilsonInterval.Estimate(_ties, _ties + _labelled),
            HumanAgreement = _human == 0 ? null : WilsonInterval.Estimate(_agree, _human),
            FirstPositionRate = WilsonInterval.Estimate(_first, _picked),
            ConfidenceSource = _sources.Count switch { 0 => null, 1 => _sources.First(), _ => "mixed" },
        };
    }
}
