using AlignLab.Constitutions;
using AlignLab.Rules;
using BenchmarkDotNet.Attributes;

namespace AlignLab.Benchmarks;

/// <summary>Cost must be linear in input length: compare 10 KB with 1 MB (100× the input should cost ~100×).</summary>
[MemoryDiagnoser]
public class ScalingBenchmarks
{
    private RuleEngine _engine = null!;
    private string _input = null!;

    [Params(10_000, 1_000_000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = new RuleEngine(PolicyFixtures.Rules(100));
        _input = PolicyFixtures.Prose(Length);
    }

    [Benchmark]
    public Decision Evaluate() => _engine.Evaluate(_input, PolicyStage.Input);
}
