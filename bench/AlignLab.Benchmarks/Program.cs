using AlignLab.Benchmarks;
using BenchmarkDotNet.Running;

// Run e.g.: dotnet run -c Release --project bench/AlignLab.Benchmarks -- --filter '*' --affinity 1
// Per-prompt percentiles of the contextual tier: ... -- contextual-latency (pin it: taskset -c 1).
if (args is ["contextual-latency"])
{
    ContextualLatency.Run(Console.Out);
    return;
}

// Per-stage time of each load-test moderation prompt: ... -- moderation-breakdown (pin it: taskset -c 1).
if (args is ["moderation-breakdown"])
{
    ModerationBreakdown.Run(Console.Out);
    ClassifierPartsBreakdown.Run(Console.Out);
    return;
}

// The decision and per-view scores of each prompt, to compare a scoring change against: ... -- decision-golden IN OUT.
if (args is ["decision-golden", var goldenIn, var goldenOut])
{
    DecisionGolden.Run(goldenIn, goldenOut);
    return;
}

// Throughput and peak working set of a streamed cai generate over N prompts: ... -- cai-memory 100000.
if (args is ["cai-memory", var countText] && int.TryParse(countText, System.Globalization.CultureInfo.InvariantCulture, out var caiCount))
{
    await CaiMemoryRun.RunAsync(caiCount, Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
