using System.Diagnostics;
using AlignLab.Cai.Generation;
using AlignLab.Constitutions;

namespace AlignLab.Benchmarks;

/// <summary>
/// Issue 17: <c>-- cai-memory N</c> streams N generated prompts (never held as a list) through a generate run at
/// concurrency 8 against the instant client and prints the throughput and the process's peak working set, to show
/// that memory stays flat as N grows (only the set of written ids grows, a few dozen bytes per prompt).
/// </summary>
internal static class CaiMemoryRun
{
    public static async Task RunAsync(int count, TextWriter output)
    {
        using var client = new InstantCaiClient();
        var generator = new CaiGenerator(client, client, client, ConstitutionLoader.LoadDefault().Principles,
            new CaiGeneratorOptions { Rounds = 2, PrinciplesPerRound = 2, Seed = 7 });
        var dir = Directory.CreateTempSubdirectory("alignlab-cai-mem-").FullName;
        try
        {
            static IEnumerable<CaiPrompt> Prompts(int n)
            {
                for (var i = 0; i < n; i++)
                {
                    yield return new CaiPrompt($"p{i}", $"Prompt {i}: how do I do something a little risky at home?");
                }
            }

            var watch = Stopwatch.StartNew();
            var summary = await CaiDatasetRun.RunAsync(Prompts(count), dir, generator, new CaiRunOptions { Concurrency = 8 }).ConfigureAwait(false);
            watch.Stop();
            using var process = Process.GetCurrentProcess();
            var bytes = new FileInfo(Path.Combine(dir, "cai.jsonl")).Length;
            output.WriteLine($"cai-memory: {summary.Records:N0} records in {watch.Elapsed.TotalSeconds:0.0} s "
                + $"({summary.Records / watch.Elapsed.TotalSeconds:N0} prompts/s), "
                + $"cai.jsonl {bytes / 1048576.0:0.0} MiB, peak working set {process.PeakWorkingSet64 / 1048576.0:0.0} MiB, "
                + $"GC heap now {GC.GetTotalMemory(false) / 1048576.0:0.0} MiB");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
