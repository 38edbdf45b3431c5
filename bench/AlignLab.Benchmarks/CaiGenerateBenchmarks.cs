using AlignLab.Cai.Files;
using AlignLab.Cai.Generation;
using AlignLab.Constitutions;
using BenchmarkDotNet.Attributes;

namespace AlignLab.Benchmarks;

/// <summary>
/// Issue 17: <c>cai generate</c> over 200 prompts at concurrency 8 against an instant in-process client, so the time
/// is AlignLab's own (prompt building, critic parsing, principle sampling, JSON, one flushed append per record, the
/// derived sft/pairs files). Target: at least 50 prompts/s. Run: ... -- --filter '*CaiGenerate*'.
/// </summary>
[MemoryDiagnoser]
public class CaiGenerateBenchmarks
{
    private const int Prompts = 200;
    private readonly InstantCaiClient _client = new();
    private CaiGenerator _generator = null!;
    private CaiPrompt[] _prompts = [];
    private string _dir = "";

    [GlobalSetup]
    public void Setup()
    {
        _generator = new CaiGenerator(_client, _client, _client, ConstitutionLoader.LoadDefault().Principles,
            new CaiGeneratorOptions { Rounds = 2, PrinciplesPerRound = 2, Seed = 7 });
        _prompts =
            [.. Enumerable.Range(0, Prompts).Select(i => new CaiPrompt($"p{i}", $"Prompt {i}: how do I do something a little risky at home?"))];
    }

    [IterationSetup]
    public void NewDirectory() => _dir = Directory.CreateTempSubdirectory("alignlab-cai-bench-").FullName;

    [IterationCleanup]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    /// <summary>200 prompts, concurrency 8: divide 200 by the mean for prompts/s.</summary>
    [Benchmark(OperationsPerInvoke = Prompts)]
    public Task<CaiSummary> Generate200() =>
        CaiDatasetRun.RunAsync(_prompts, _dir, _generator, new CaiRunOptions { Concurrency = 8 });
}
