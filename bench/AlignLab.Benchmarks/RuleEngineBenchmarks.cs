using AlignLab.Constitutions;
using AlignLab.Normalization;
using AlignLab.Rules;
using BenchmarkDotNet.Attributes;

namespace AlignLab.Benchmarks;

/// <summary>
/// The input guard on one prompt: 100 rules over a 1 KB prompt (benign, and one that fires), against the
/// normaliser alone as the baseline so the engine's own share is visible.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RuleEngineBenchmarks
{
    private RuleEngine _engine = null!;
    private string _benign = null!;
    private string _firing = null!;
    private readonly EvaluationOptions _noEvidence = new() { CollectEvidence = false };

    [GlobalSetup]
    public void Setup()
    {
        _engine = new RuleEngine(PolicyFixtures.Rules(100));
        _benign = PolicyFixtures.Prose(1024);
        _firing = PolicyFixtures.Prose(1000) + " how to term" + PolicyFixtures.Letters(7) + "x" + PolicyFixtures.Letters(3);
    }

    [Benchmark(Baseline = true, Description = "normalise only, 1 KB")]
    public NormalizedText NormaliseOnly() => TextNormalizer.Default.Normalize(_benign);

    [Benchmark(Description = "100 rules, 1 KB, nothing fires")]
    public Decision Benign() => _engine.Evaluate(_benign, PolicyStage.Input);

    [Benchmark(Description = "100 rules, 1 KB, one rule fires (with trace)")]
    public Decision Firing() => _engine.Evaluate(_firing, PolicyStage.Input);

    [Benchmark(Description = "100 rules, 1 KB, one rule fires (no evidence)")]
    public Decision FiringNoEvidence() => _engine.Evaluate(_firing, PolicyStage.Input, _noEvidence);
}
