using System.Globalization;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using AlignLab.Training.Sft;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Sft;

[Collection(TorchRandomCollection.Name)]
public sealed class LoraVersusFullTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-lora-vs-full-").FullName;

    [Fact]
    public void On_one_config_LoRA_r8_trains_under_2_percent_of_the_parameters_of_full_fine_tuning_and_its_step_time_and_peak_memory_are_reported()
    {
        var config = DecoderConfig.Tiny(DecoderArchitecture.Llama, layers: 4, width: 256, heads: 8, kvHeads: 4);
        var (train, _) = HiddenDigitTask.Split(400, 0, seed: 8);
        var rows = new List<(string Name, SftResult Result, long PeakBytes)>();
        foreach (var lora in new LoraOptions?[] { null, new() { Rank = 8, Alpha = 16, TargetModules = ["q_proj", "v_proj"] } })
        {
            random.manual_seed(1);
            using var model = new DecoderModel(config);
            ResetPeakMemory();
            var result = SftTrainer.Run(model, train, [], SftTokenizer.Byte,
                new SftOptions { Lora = lora, MaxSteps = 8, BatchSize = 8, MaxLength = 128, Seed = 2 },
                Path.Combine(_directory, lora is null ? "full" : "lora"));
            rows.Add((lora is null ? "full" : "LoRA r=8 q,v", result, PeakMemory()));
            result.Adapter?.Dispose();
        }

        output.WriteLine($"llama, 4 layers, width 256 ({rows[0].Result.ModelParameters:N0} parameters), batch 8 × 128 packed tokens, AdamW, CPU:");
        output.WriteLine("| run | trainable parameters | median step | tokens/s | weights + gradients + AdamW moments | peak RSS |");
        foreach (var (name, result, peak) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {result.TrainableParameters:N0} | {result.MedianStepSeconds * 1000:F0} ms | " +
                $"{result.Steps.Average(s => s.TokensPerSecond):F0} | " +
                $"{(result.ModelParameters + (3 * result.TrainableParameters)) * 4 / 1048576.0:F1} MiB | " +
                $"{(peak > 0 ? $"{peak / 1048576.0:F0} MiB" : "n/a")} |"));
        }

        Assert.True(rows[1].Result.TrainableParameters < rows[0].Result.TrainableParameters * 0.02);
        Assert.Equal(rows[0].Result.ModelParameters, rows[0].Result.TrainableParameters);
    }

    // Linux: writing 5 to clear_refs resets VmHWM, so each run's peak is its own.
    private static void ResetPeakMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // not Linux, or not allowed: the peak then covers the process so far
        }
    }

    private static long PeakMemory()
    {
        var line = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            : null;
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
