using AlignLab.Training.Data;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using AlignLab.Training.Sft;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Sft;

[Collection(TorchRandomCollection.Name)]
public sealed class SftCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-sft-ckpt-").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_run_stopped_abruptly_after_step_6_and_resumed_from_its_step_4_checkpoint_logs_the_same_loss_curve_as_an_uninterrupted_run(bool lora)
    {
        var options = new SftOptions
        {
            Lora = lora ? new LoraOptions { Rank = 4, Alpha = 8, Dropout = 0.1, TargetModules = [LoraOptions.AllLinear] } : null,
            MaxSteps = 10, BatchSize = 4, GradientAccumulation = 2, MaxLength = 64, CheckpointEvery = 4, EvalEvery = 3, Seed = 11,
        };
        var straight = Path.Combine(_directory, "straight");
        var interrupted = Path.Combine(_directory, "interrupted");
        Train(straight, options);

        // SIGKILL stand-in: the process dies after step 6, with steps 5 and 6 in the CSV but only step 4 checkpointed.
        Assert.Throws<InvalidOperationException>(() => Train(interrupted, options with
        {
            AfterStep = step => { if (step == 6) { throw new InvalidOperationException("killed"); } },
        }));
        Assert.Equal(7, File.ReadAllLines(Path.Combine(interrupted, "train_log.csv")).Length);
        var resumed = Train(interrupted, options with { Resume = true });

        Assert.Equal(4, resumed.ResumedFromStep);
        Assert.Equal(Curve(straight), Curve(interrupted));
        Assert.Equal(11, Curve(interrupted).Count);
    }

    [Fact]
    public void A_disk_that_fills_up_while_the_step_4_checkpoint_is_written_leaves_the_step_2_checkpoint_whole_and_resumable()
    {
        var (train, heldOut) = HiddenDigitTask.Split(100, 10, seed: 2);
        var budget = new FullDiskStream.Budget();
        var options = new SftOptions
        {
            MaxSteps = 4, BatchSize = 4, MaxLength = 64, CheckpointEvery = 2, Seed = 3,
            CreateFile = path => new FullDiskStream(new FileStream(path, FileMode.CreateNew), budget),
            AfterStep = step => budget.Remaining = step == 2 ? 50_000 : budget.Remaining, // the full model alone is ~430 kB
        };

        var result = Train(_directory, options, train, heldOut);

        var problem = Assert.Single(result.Problems);
        Assert.Contains(
            "checkpoint at step 4 was not written (No space left on device); the previous checkpoint is kept", problem, StringComparison.Ordinal);
        var checkpoints = Path.Combine(_directory, "checkpoints");
        Assert.Equal(
            ["latest", "step-000002"], Directory.EnumerateFileSystemEntries(checkpoints).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("step-000002", File.ReadAllText(Path.Combine(checkpoints, "latest")).Trim());
        var resumed = Train(_directory, options with { Resume = true, CreateFile = null, AfterStep = null }, train, heldOut);
        Assert.Equal(2, resumed.ResumedFromStep);
        Assert.Empty(resumed.Problems);
    }

    [Fact]
    public void Leftovers_of_a_run_killed_mid_checkpoint_a_temporary_folder_and_pointer_do_not_block_the_next_checkpoints()
    {
        var checkpoints = Directory.CreateDirectory(Path.Combine(_directory, "checkpoints")).FullName;
        Directory.CreateDirectory(Path.Combine(checkpoints, ".tmp-step-000002"));
        File.WriteAllText(Path.Combine(checkpoints, ".tmp-step-000002", "optimizer.bin"), "torn");
        File.WriteAllText(Path.Combine(checkpoints, "latest.tmp"), "step-0000");

        var result = Train(_directory, new SftOptions { MaxSteps = 2, BatchSize = 4, MaxLength = 64, CheckpointEvery = 2, Resume = true });

        Assert.Equal(0, result.ResumedFromStep); // the torn folder has no trainer_state.json: not a checkpoint
        Assert.Empty(result.Problems);
        Assert.Equal("step-000002", File.ReadAllText(Path.Combine(checkpoints, "latest")).Trim());
        Assert.False(File.Exists(Path.Combine(checkpoints, "latest.tmp")));
    }

    private static SftResult Train(string directory, SftOptions options, List<SftExample>? train = null, List<SftExample>? heldOut = null)
    {
        if (train is null)
        {
            (train, heldOut) = HiddenDigitTask.Split(200, 20, seed: 1);
        }

        random.manual_seed(21);
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama));
        var result = SftTrainer.Run(model, train, heldOut!, SftTokenizer.Byte, options, directory);
        result.Adapter?.Dispose();
        return result;
    }

    // step, epoch, loss, learning rate, gradient norm, tokens, eval loss: everything but the timing
    private static List<string> Curve(string directory) =>
        [
            .. File.ReadLines(Path.Combine(directory, "train_log.csv"))
                .Select(line => line.Split(','))
                .Select(f => string.Join(',', f[..6]) + "," + f[7]),
        ];

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
