using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Normalization;
using AlignLab.Rules;
using BenchmarkDotNet.Attributes;

namespace AlignLab.Benchmarks;

/// <summary>
/// What one <c>POST /v1/moderations</c> costs the guard (issue 14 item 18): the six prompts of the load test
/// (<c>bench/AlignLab.LoadTest/moderation-prompts.txt</c>) through the default constitution's input stage with the
/// embedded classifier, as the gateway runs them, against the same engine without the classifier (rules only), the
/// normaliser alone, and the classifier's per-view scoring alone. Each operation is all six prompts.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ModerationBenchmarks
{
    private RuleEngine _full = null!;
    private RuleEngine _rulesOnly = null!;
    private SafetyClassifier _classifier = null!;
    private string[] _prompts = null!;
    private NormalizedText[] _normalized = null!;

    [GlobalSetup]
    public void Setup()
    {
        var constitution = ConstitutionLoader.LoadDefault();
        _classifier = SafetyClassifier.Default ?? throw new InvalidOperationException("this build has no embedded classifier");
        _full = new RuleEngine(constitution, classifier: _classifier);
        _rulesOnly = new RuleEngine(constitution);
        _prompts = ModerationPrompts.Load();
        _normalized = [.. _prompts.Select(p => TextNormalizer.Default.Normalize(p))];
    }

    [Benchmark(Baseline = true, Description = "6 moderations: rules + classifier (the gateway)")]
    public int Full()
    {
        var n = 0;
        foreach (var p in _prompts)
        {
            n += (int)_full.Evaluate(p, PolicyStage.Input, EvaluationOptions.Default).Action;
        }

        return n;
    }

    [Benchmark(Description = "6 moderations: rules only (no classifier)")]
    public int RulesOnly()
    {
        var n = 0;
        foreach (var p in _prompts)
        {
            n += (int)_rulesOnly.Evaluate(p, PolicyStage.Input, EvaluationOptions.Default).Action;
        }

        return n;
    }

    [Benchmark(Description = "6 prompts: normalise only")]
    public int NormaliseOnly()
    {
        var n = 0;
        foreach (var p in _prompts)
        {
            n += TextNormalizer.Default.Normalize(p).Views.Count;
        }

        return n;
    }

    [Benchmark(Description = "6 prompts: classifier, every view (pre-normalised)")]
    public int ScoreViews()
    {
        var n = 0;
        foreach (var t in _normalized)
        {
            n += _classifier.ClassifyViews(t).Count;
        }

        return n;
    }
}
