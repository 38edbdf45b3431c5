using System.Diagnostics;
using AlignLab.Training.Data;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using AlignLab.Training.Preferences;
using AlignLab.Training.Reward;
using AlignLab.Training.Tests.Preferences;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Reward;

/// <summary>Issue 18, item 4: the reward model learns a separable synthetic set, saves and loads back, and resumes.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class RewardTrainerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-reward-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_decoder_reward_model_ranks_held_out_separable_pairs_at_least_90_percent_and_its_folder_scores_identically(bool lora)
    {
        var (train, heldOut) = CaseTask.Split(160, 40, seed: 5);
        var options = new PreferenceOptions
        {
            Lora = lora ? new LoraOptions { Rank = 8, Alpha = 16, TargetModules = [LoraOptions.AllLinear] } : null,
            MaxSteps = 400, BatchSize = 8, LearningRate = lora ? 1e-2 : 2e-3, MaxLength = 48, Seed = 3, EvalEvery = 100,
        };
        random.manual_seed(8);
        var clock = Stopwatch.StartNew();
        using var model = RewardModel.ForDecoder(new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama)), options.MaxLength);
        var result = RewardTrainer.Run(model, train, heldOut, options, _directory);
        output.WriteLine($"lora={lora}: held-out accuracy {result.HeldOutBefore!.Accuracy:P1} -> {result.HeldOut!.Accuracy:P1}, "
            + $"ECE {result.HeldOut.ExpectedCalibrationError:F3}, train {result.Train!.Accuracy:P1}, {result.TrainableParameters} trained, "
            + $"{clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(result.HeldOut.Accuracy >= 0.9, $"held-out accuracy {result.HeldOut.Accuracy}");
        Assert.Equal(40, result.HeldOut.Pairs);
        Assert.Contains("eval_accuracy", File.ReadLines(Path.Combine(_directory, "train_log.csv")).First(), StringComparison.Ordinal);
        var scores = model.Score([.. heldOut.Take(6).Select(p => (p.Prompt, p.Chosen))]);
        using var loaded = RewardModel.Load(_directory).GetValueOrThrow();
        Assert.Equal(scores, loaded.Score([.. heldOut.Take(6).Select(p => (p.Prompt, p.Chosen))]));
        Assert.Equal(result.HeldOut.Accuracy, RewardTrainer.Evaluate(loaded, heldOut).Accuracy);
        result.Adapter?.Dispose();
    }

    [Fact]
    public void An_encoder_reward_model_learns_the_set_from_frozen_embeddings_and_loads_back_with_identical_scores()
    {
        var (train, heldOut) = CaseTask.Split(200, 50, seed: 6);
        var options = new PreferenceOptions { Epochs = 30, BatchSize = 16, LearningRate = 1e-2, HeadHidden = 16, Seed = 4 };
        using var model = RewardModel.ForEncoder(CaseTask.Embed, 8, options.HeadHidden);

        var result = RewardTrainer.Run(model, train, heldOut, options, _directory);

        output.WriteLine(
            $"held-out {result.HeldOutBefore!.Accuracy:P1} -> {result.HeldOut!.Accuracy:P1}, ECE {result.HeldOut.ExpectedCalibrationError:F3}");
        Assert.True(result.HeldOut.Accuracy >= 0.9, $"held-out accuracy {result.HeldOut.Accuracy}");
        Assert.Equal(8 * 3 * 16 + 16 + 16 + 1, result.TrainableParameters);
        using var loaded = RewardModel.Load(_directory, CaseTask.Embed).GetValueOrThrow();
        Assert.Equal(model.Score(heldOut[0].Prompt, heldOut[0].Chosen), loaded.Score(heldOut[0].Prompt, heldOut[0].Chosen));
        Assert.Contains("an encoder reward model needs the sentence encoder", RewardModel.Load(_directory).Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_head_whose_shape_disagrees_with_the_config_is_named_with_both_shapes()
    {
        var (train, _) = CaseTask.Split(20, 0, seed: 7);
        using (var model = RewardModel.ForEncoder(CaseTask.Embed, 8, 16))
        {
            RewardTrainer.Run(model, train, [], new PreferenceOptions { MaxSteps = 1 }, _directory);
        }

        var config = Path.Combine(_directory, RewardModel.ConfigFileName);
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"head_hidden\": 16", "\"head_hidden\": 12", StringComparison.Ordinal));

        var loaded = RewardModel.Load(_directory, CaseTask.Embed);

        Assert.Null(loaded.Value);
        Assert.Contains("tensor 'dense.weight' has shape [16, 24], expected [12, 24]", loaded.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_stopped_after_step_5_and_resumed_from_its_step_4_checkpoint_logs_the_same_curve_as_an_uninterrupted_run()
    {
        var (train, heldOut) = CaseTask.Split(60, 10, seed: 8);
        var options = new PreferenceOptions { MaxSteps = 8, BatchSize = 4, MaxLength = 40, CheckpointEvery = 4, EvalEvery = 3, Seed = 9 };
        var straight = Path.Combine(_directory, "straight");
        var interrupted = Path.Combine(_directory, "interrupted");
        Train(straight, options, train, heldOut);
        Assert.Throws<InvalidOperationException>(() => Train(interrupted, options with
        {
            AfterStep = step => { if (step == 5) { throw new InvalidOperationException("killed"); } },
        }, train, heldOut));

        var resumed = Train(interrupted, options with { Resume = true }, train, heldOut);

        Assert.Equal(4, resumed.ResumedFromStep);
        Assert.Equal(File.ReadAllLines(Path.Combine(straight, "train_log.csv")), File.ReadAllLines(Path.Combine(interrupted, "train_log.csv")));
        Assert.True(File.Exists(Path.Combine(interrupted, "checkpoints", "step-000008", "reward_head.safetensors")));
    }

    [Fact]
    public void Calibration_error_is_zero_for_margins_whose_sigmoid_matches_their_accuracy_and_large_for_confident_mistakes()
    {
        var calibrated = RewardEvaluation.FromMargins([Math.Log(3), Math.Log(3), Math.Log(3), -Math.Log(3)]); // p = 0.75, 3 of 4 right
        Assert.Equal(0.75, calibrated.Accuracy);
        Assert.Equal(0, calibrated.ExpectedCalibrationError, 1e-9);
        var wrong = RewardEvaluation.FromMargins([-10, -10]);
        Assert.Equal(0, wrong.Accuracy);
        Assert.True(wrong.ExpectedCalibrationError > 0.99);
    }

    private static RewardResult Train(string directory, PreferenceOptions options, List<PreferenceExample> train, List<PreferenceExample> heldOut)
    {
        random.manual_seed(21);
        using var model = RewardModel.ForDecoder(new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama)), options.MaxLength);
        return RewardTrainer.Run(model, train, heldOut, options, directory);
    }
}
