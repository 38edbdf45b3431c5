using AlignLab.Adversarial;
using AlignLab.Constitutions;
using AlignLab.Evaluation;
using AlignLab.Rules;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AlignLab.Benchmarks;

/// <summary>
/// 10,000 guard-only evaluation cases (the default constitution with the embedded classifier) through
/// <see cref="EvalRunner"/> on 2 cores: 625 prompts of mixed length expanded by every adversarial transform
/// (plus the originals), the way <c>alignlab eval --attacks all</c> builds its cases. Baseline: the same cases
/// generated and enumerated without evaluation.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class EvalBenchmarks
{
    private RuleEngine _engine = null!;
    private (string Id, string Text)[] _prompts = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new RuleEngine(ConstitutionLoader.LoadDefault(), classifier: Classification.SafetyClassifier.Default);
        _prompts = [.. Enumerable.Range(0, 625).Select(i => ($"p{i}", PolicyFixtures.Prose(60 + (i % 8 * 60))))];
    }

    private IEnumerable<EvalCase> Cases() =>
        _prompts.Select(p => new EvalCase(p.Id, p.Text, CaseLabel.Harmful, "bench"))
            .Concat(AttackExpander.Expand(_prompts, PromptTransforms.All, seed: 1).Select(a => new EvalCase(a.Id, a.Text, CaseLabel.Harmful, "bench") { ParentId = a.ParentId, Transform = a.Transform }));

    [Benchmark(Baseline = true, Description = "generate 10,000 cases")]
    public int Generate() => Cases().Count();

    [Benchmark(Description = "evaluate 10,000 cases, guard only, 2 cores")]
    public async Task<int> Evaluate()
    {
        var aggregator = new EvalAggregator();
        return await EvalRunner.RunAsync(Cases(), [new GuardOnlyStrategy(_engine)], aggregator, new EvalRunOptions { Concurrency = 2 });
    }
}
