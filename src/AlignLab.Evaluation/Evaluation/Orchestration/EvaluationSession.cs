using System.Collections.Immutable;
using System.Text;
using AlignLab.Adversarial;
using AlignLab.Evaluation.Reports;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Evaluation.Orchestration;

/// <summary>
/// One evaluation run in a directory: the cases of the suites and their attacks through every strategy, each result
/// appended to results.jsonl as it finishes, then the summary with its gates, summary.json, report.html, report.md and
/// junit.xml. The configuration is saved in run.json when the run starts; a resumed run skips the results already there.
/// </summary>
/// <remarks>
/// <see cref="RunAsync"/> does everything; a caller that reports between the phases (a resume notice before the cases,
/// a progress display around them) calls <see cref="Start"/>, <see cref="RunCasesAsync"/> and <see cref="FinishAsync"/>.
/// A failing strategy makes an errored result, counted in its rates' totals but never as blocked or refused.
/// </remarks>
public sealed class EvaluationSession
{
    private readonly EvalAggregator _aggregator = new();
    private readonly EvalDistributions _distributions = new();
    private readonly NotableSample _sample = new(EvalRunFiles.MaxSample);
    private readonly HashSet<(string, string)> _completed = [];
    private readonly Dictionary<string, string> _firstErrors = new(StringComparer.Ordinal);
    private readonly CaseSetFingerprint _fingerprint = new();
    private readonly DateTimeOffset _startedAt;
    private EvalRunConfig? _saved;
    private bool _savedRead;
    private bool _started;
    private bool _cancelled;
    private long _startTimestamp;

    /// <summary>A session over <paramref name="options"/>; nothing is written until <see cref="Start"/>.</summary>
    /// <exception cref="ArgumentException">The options have problems (<see cref="EvalSessionOptions.Validate"/>).</exception>
    public EvaluationSession(EvalSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
        _startedAt = options.StartedAt ?? options.Time.GetUtcNow();
        ResultsPath = Path.Combine(options.Directory, EvalRunFiles.Results);
        HasResults = File.Exists(ResultsPath) && new FileInfo(ResultsPath).Length > 0;
        Config = new EvalRunConfig
        {
            RunId = options.RunId,
            Policy = options.Policy,
            Model = options.ModelIdentity,
            Judge = options.Judge,
            Classifier = options.ClassifierIdentity,
            Tiers = options.Tiers,
            Suites = [.. options.Suites.Suites.Select(s => s.Name)],
            SuiteLocations = [.. options.Suites.Suites.Select(s => s.IsBundled ? s.Location : Path.GetFullPath(s.Location))],
            Attacks = [.. options.Attacks.Select(t => t.Name)],
            Strategies = [.. options.StrategyOrder.Where(n => options.Strategies.Any(s => s.Name == n) || options.Unavailable.ContainsKey(n))],
            Seed = options.Seed,
            Columns = EvalRunConfig.DescribeColumns(options.SuiteOptions),
        };
    }

    /// <summary>The options the session was created with.</summary>
    public EvalSessionOptions Options { get; }

    /// <summary>What this run evaluates (saved as run.json by <see cref="Start"/>; its run id is the saved one after a resume).</summary>
    public EvalRunConfig Config { get; private set; }

    /// <summary>The full path of results.jsonl.</summary>
    public string ResultsPath { get; }

    /// <summary>Whether results.jsonl held results when the session was created (a new run needs <see cref="EvalSessionOptions.Resume"/>).</summary>
    public bool HasResults { get; }

    /// <summary>The configuration an earlier run saved in the directory, or null.</summary>
    /// <exception cref="InvalidDataException">run.json is not a run configuration.</exception>
    public EvalRunConfig? SavedConfig
    {
        get
        {
            if (!_savedRead)
            {
                _saved = EvalRunConfig.Load(Options.Directory);
                _savedRead = true;
            }

            return _saved;
        }
    }

    /// <summary>How the saved run's configuration differs from this one, one phrase each; empty when none is saved or they match.</summary>
    public IReadOnlyList<string> ResumeDifferences() => SavedConfig?.DifferencesFrom(Config) ?? [];

    /// <summary>
    /// How many cases the run will pull, for a progress bar: counted only when every suite is bundled (user files are
    /// streamed and not read twice); 0 when unknown.
    /// </summary>
    public long EstimateCases()
    {
        var suites = Options.Suites;
        if (suites.Suites.Any(s => !BundledSuites.Contains(s.Name)))
        {
            return 0;
        }

        var all = suites.Count();
        var harmful = suites.Count(c => c.Label == CaseLabel.Harmful && c.Suite is not (BundledSuites.Jailbreaks or BundledSuites.Injections));
        return all + ((long)harmful * Options.Attacks.Count);
    }

    /// <summary>Saves run.json and, when the directory holds results, takes them over (cutting a torn last line).</summary>
    /// <exception cref="InvalidOperationException">results.jsonl holds results and the options do not resume, or the session has started.</exception>
    public EvalResumeInfo Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("the session has already started");
        }

        if (HasResults && !Options.Resume)
        {
            throw new InvalidOperationException($"{ResultsPath} already holds results; a session continues them only when it resumes");
        }

        _started = true;
        if (Options.Resume && SavedConfig is { } saved)
        {
            Config = Config with { RunId = saved.RunId };
        }

        Config.Save(Options.Directory);
        if (!HasResults)
        {
            return new EvalResumeInfo(false, 0, 0);
        }

        var torn = EvalReportJson.TruncateTornTail(ResultsPath);
        using (var reader = new StreamReader(ResultsPath))
        {
            foreach (var r in EvalReportJson.ReadResults(reader).Read())
            {
                if (_completed.Add((r.Strategy, r.CaseId)))
                {
                    _aggregator.Add(r);
                    Record(r);
                }
            }
        }

        return new EvalResumeInfo(true, _completed.Count, torn);
    }

    /// <summary>
    /// Runs every case through every strategy, appending each result to results.jsonl as it finishes. Cancelling (or the
    /// model watch giving up) stops the run without an exception: the finished results are kept.
    /// </summary>
    public async Task RunCasesAsync(IProgress<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!_started)
        {
            Start();
        }

        var watch = Options.ModelWatch;
        _startTimestamp = Options.Time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watch?.Token ?? CancellationToken.None);
        var stream = new FileStream(ResultsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new StreamWriter(stream, new UTF8Encoding(false));
            await using (writer.ConfigureAwait(false))
            {
                // Until the model has answered once, its errored results are held back: if it turns out to be unreachable,
                // those cases were never evaluated, so they are not written and a resumed run evaluates them.
                var held = new List<CaseResult>();
                async Task WriteAsync(CaseResult r, CancellationToken ct)
                {
                    EvalReportJson.WriteResult(writer, r);
                    await writer.FlushAsync(ct).ConfigureAwait(false); // one line at a time reaches the OS: a killed run keeps every finished case
                    Record(r);
                }

                async Task ReleaseHeldAsync(CancellationToken ct)
                {
                    foreach (var h in held)
                    {
                        await WriteAsync(h, ct).ConfigureAwait(false);
                    }

                    held.Clear();
                }

                var runOptions = new EvalRunOptions
                {
                    Concurrency = Options.Concurrency,
                    Seed = Options.Seed,
                    Completed = _completed,
                    Progress = progress,
                    OnResult = async (r, ct) =>
                    {
                        if (watch is { Reached: false } && r.Error is not null && r.Strategy != GuardOnlyStrategy.StrategyName)
                        {
                            held.Add(r);
                            return;
                        }

                        if (held.Count > 0 && watch is { Reached: true })
                        {
                            await ReleaseHeldAsync(ct).ConfigureAwait(false);
                        }

                        await WriteAsync(r, ct).ConfigureAwait(false);
                    },
                };

                try
                {
                    await EvalRunner.RunAsync(Cases(), Options.Strategies, _aggregator, runOptions, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    _cancelled = true;
                }

                if (watch is not { Unreachable: true })
                {
                    await ReleaseHeldAsync(CancellationToken.None).ConfigureAwait(false); // real errors of a run that ended: kept
                }
            }
        }
    }

    /// <summary>
    /// Runs the capability suites (unless the run was cancelled), summarises every strategy, checks the gates and writes
    /// summary.json, report.html, report.md and junit.xml.
    /// </summary>
    public async Task<EvalSessionResult> FinishAsync(CancellationToken cancellationToken = default)
    {
        var unreachable = Options.ModelWatch is { Unreachable: true } && !cancellationToken.IsCancellationRequested;
        EvalCapabilityOutcome? capability = null;
        if (Options.Capability is { } runCapability && !_cancelled)
        {
            try
            {
                capability = await runCapability(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _cancelled = true;
            }
        }

        var summaries = _aggregator.Summarize(Options.StrategyOrder)
            .Select(s => capability?.Summaries.GetValueOrDefault(s.Strategy) is { } c ? s with { Capability = c } : s)
            .ToList();
        foreach (var (name, reason) in Options.Unavailable.OrderBy(u => IndexOf(u.Key)))
        {
            summaries.Add(new StrategySummary(name, false) { UnavailableReason = reason });
        }

        summaries = [.. summaries.OrderBy(s => IndexOf(s.Strategy))];
        var primary = summaries.Where(s => s.Available)
            .OrderByDescending(s => s.Strategy == Options.PrimaryStrategy).ThenBy(s => IndexOf(s.Strategy)).FirstOrDefault();

        // A gate on a run that measured nothing (no strategy could run, or no case was read) fails as "not measured".
        var gates = Options.Gates.Select(g => primary is null ? g.NotMeasured() : g.Check(primary)).ToImmutableArray();
        Principles.PrincipleAdherenceSummary? adherence = null;
        if (Options.PrincipleAdherence is { } judgePrinciples && primary is not null && !_cancelled && !unreachable)
        {
            try
            {
                adherence = await judgePrinciples(primary.Strategy, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _cancelled = true;
            }
        }

        var elapsed = _startTimestamp == 0 ? TimeSpan.Zero : Options.Time.GetElapsedTime(_startTimestamp);
        var summary = new EvalSummary
        {
            RunId = Config.RunId,
            StartedAt = _startedAt,
            DurationSeconds = Math.Round(elapsed.TotalSeconds, 3),
            Policy = Options.Policy,
            Model = Options.Model,
            Suites = [.. Options.Suites.Suites.Select(s => s.Name)],
            Attacks = [.. Options.Attacks.Select(t => t.Name)],
            Seed = Options.Seed,
            Cases = summaries.Where(s => s.Available).Select(s => s.Cases).DefaultIfEmpty(0).Max(),
            CaseSet = _cancelled || unreachable ? null : _fingerprint.ToString(),
            Strategies = [.. summaries],
            Gates = gates,
            CapabilityTasks = capability?.Tasks ?? [],
            CapabilityNotes = capability?.Notes ?? [],
            PrincipleAdherence = adherence,
        };

        EvalRunFiles.WriteReports(Options.Directory, summary, _sample, _distributions);
        return new EvalSessionResult
        {
            Summary = summary,
            Directory = Options.Directory,
            Cancelled = _cancelled,
            Unreachable = unreachable,
            FirstErrors = _firstErrors.ToImmutableDictionary(StringComparer.Ordinal),
        };
    }

    /// <summary>The whole run: <see cref="Start"/> (unless called already), <see cref="RunCasesAsync"/> and <see cref="FinishAsync"/>.</summary>
    public async Task<EvalSessionResult> RunAsync(IProgress<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await RunCasesAsync(progress, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsAttacked(EvalCase c) =>
        c.Label == CaseLabel.Harmful && c.Transform is null && c.Suite is not (BundledSuites.Jailbreaks or BundledSuites.Injections);

    // Every case is pulled once per run, resumed ones included: the fingerprint is of the whole test set.
    private IEnumerable<EvalCase> Cases()
    {
        foreach (var c in AllCases())
        {
            _fingerprint.Add(c);
            yield return c;
        }
    }

    private IEnumerable<EvalCase> AllCases()
    {
        foreach (var c in Options.Suites)
        {
            yield return c;
        }

        if (Options.Attacks.Count == 0)
        {
            yield break;
        }

        // The expander pulls one parent, yields all its attacks, then pulls the next: the current parent is enough.
        EvalCase? parent = null;
        var harmful = Options.Suites.Where(IsAttacked);
        foreach (var attack in AttackExpander.Expand(harmful.Select(c => { parent = c; return (c.Id, c.Text); }), Options.Attacks, Options.Seed))
        {
            yield return new EvalCase(attack.Id, attack.Text, CaseLabel.Harmful, parent!.Suite)
            {
                Category = parent.Category, ParentId = attack.ParentId, Transform = attack.Transform, Source = parent.Source,
            };
        }
    }

    private void Record(CaseResult r)
    {
        _distributions.Add(r);
        _sample.Add(r);
        if (r.Error is { } error)
        {
            _firstErrors.TryAdd(r.Strategy, error);
        }
    }

    private int IndexOf(string strategy)
    {
        var i = Options.StrategyOrder.ToList().IndexOf(strategy);
        return i < 0 ? int.MaxValue : i;
    }
}
