using System.Diagnostics;
using AlignLab.Training.Models;
using AlignLab.Training.Sft;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Sft;

[Collection(TorchRandomCollection.Name)]
public sealed class SftLearningTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-sft-").FullName;

    [Fact]
    public void Fine_tuning_a_tiny_llama_on_the_hidden_digit_task_brings_held_out_loss_below_0_1_and_answers_90_percent_of_held_out_prompts()
    {
        var (train, heldOut) = HiddenDigitTask.Split(1500, 100, seed: 5);
        random.manual_seed(3);
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama));
        var before = SftTrainer.EvalLoss(model, heldOut, SftTokenizer.Byte);
        var clock = Stopwatch.StartNew();
        var result = SftTrainer.Run(model, train, heldOut, SftTokenizer.Byte,
            new SftOptions { LearningRate = 3e-3, MaxSteps = 240, BatchSize = 8, MaxLength = 128, WarmupRatio = 0.05, Seed = 7, EvalEvery = 50 },
            _directory);
        var accuracy = HiddenDigitTask.Accuracy(model, heldOut);
        output.WriteLine($"held-out loss {before:F3} → {result.EvalLoss:F4}; accuracy {accuracy:P0}; {result.Steps.Count} steps in " +
                         $"{clock.Elapsed.TotalSeconds:F1} s (median {result.MedianStepSeconds * 1000:F0} ms/step, " +
                         $"{result.Steps.Average(s => s.TokensPerSecond):F0} tokens/s); " +
                         $"train loss {result.Steps[0].Loss:F3} → {result.Steps[^1].Loss:F4}");
        foreach (var row in result.Steps.Where(s => s.EvalLoss is not null))
        {
            output.WriteLine($"  step {row.Step}: eval loss {row.EvalLoss:F4}");
        }

        Assert.True(result.EvalLoss < 0.1, $"held-out loss {result.EvalLoss}");
        Assert.True(accuracy >= 0.9, $"held-out accuracy {accuracy:P0}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
