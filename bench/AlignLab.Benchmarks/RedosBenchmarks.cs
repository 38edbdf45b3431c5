using AlignLab.Constitutions;
using AlignLab.Rules;
using BenchmarkDotNet.Attributes;

namespace AlignLab.Benchmarks;

/// <summary>
/// A user-supplied catastrophic pattern, <c>(a+)+$</c>, on the input that makes backtracking engines take
/// exponential time ("aaaa…!"). AlignLab compiles it with the linear-time engine: time grows with length only.
/// </summary>
public class RedosBenchmarks
{
    private RuleEngine _engine = null!;
    private string _input = null!;

    [Params(1_000, 100_000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = new RuleEngine(ConstitutionLoader.LoadText(
            "constitutional_ai:\n  specific_rules:\n    - {id: redos, trigger: \"(a+)+$\", match: substring, action: log_only}\n    - {id: redos2, trigger: \"(\\\\w+\\\\s?)*x$\", match: substring, action: log_only}\n",
            "redos.yaml").GetOrThrow());
        _input = new string('a', Length) + "!";
    }

    [Benchmark]
    public Decision HostileInput() => _engine.Evaluate(_input, PolicyStage.Input);
}
