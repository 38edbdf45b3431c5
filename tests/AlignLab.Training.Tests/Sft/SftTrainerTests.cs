using AlignLab.Training.Data;
using AlignLab.Training.Models;
using AlignLab.Training.Sft;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Sft;

[Collection(TorchRandomCollection.Name)]
public sealed class SftTrainerTests : IDisposable
{
    private static readonly int[] PinnedOrder = [7, 0, 5, 6, 4, 1, 8, 3, 9, 2];

    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-sft-trainer-").FullName;

    [Fact]
    public void Two_micro_batches_of_4_accumulated_give_the_loss_and_gradient_norm_of_one_batch_of_8()
    {
        var (train, _) = HiddenDigitTask.Split(64, 0, seed: 4);
        var whole = Run("whole", train, new SftOptions { MaxSteps = 3, BatchSize = 8, Packing = false, MaxGradNorm = 0 });
        var split = Run("split", train, new SftOptions { MaxSteps = 3, BatchSize = 4, GradientAccumulation = 2, Packing = false, MaxGradNorm = 0 });

        Assert.Equal(whole.Steps.Select(s => s.Loss), split.Steps.Select(s => s.Loss), (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(whole.Steps.Select(s => s.GradNorm), split.Steps.Select(s => s.GradNorm), (a, b) => Math.Abs(a - b) < 1e-4);
        Assert.Equal(whole.Steps.Select(s => s.Tokens), split.Steps.Select(s => s.Tokens));
    }

    [Fact]
    public void Only_assistant_tokens_carry_loss_so_a_model_that_gets_the_prompt_wrong_but_the_answer_right_is_not_penalised()
    {
        // Two conversations with the same answer and different prompts train the same targets: the loss counts the answer
        // and its end-of-turn token only (2 tokens a conversation), never the user's words or the template.
        var examples = new List<SftExample>
        {
            new([new("user", "a long question nobody should learn to predict"), new("assistant", "X")]),
            new([new("user", "short"), new("assistant", "X")]),
        };
        var sequences = examples.Select(e => SftSequence.Encode(e, SftTokenizer.Byte, 256)!).ToList();
        var batch = SftBatch.Build(sequences, [0, 1], 256, 2, packing: false).Single();

        Assert.Equal(4, batch.TargetTokens);
    }

    [Fact]
    public void The_data_order_of_an_epoch_is_a_fixed_function_of_seed_and_epoch_not_of_the_process()
    {
        // Found by SIGKILL + --resume from the CLI: the order came from HashCode.Combine, salted per process, so the resumed
        // process trained on other batches and its curve left the uninterrupted one at step 1.
        Assert.Equal(PinnedOrder, SftTrainer.EpochOrder(10, 42, 0));
        Assert.NotEqual(PinnedOrder, SftTrainer.EpochOrder(10, 42, 1));
    }

    private SftResult Run(string name, List<SftExample> train, SftOptions options)
    {
        random.manual_seed(13);
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama));
        return SftTrainer.Run(model, train, [], SftTokenizer.Byte, options, Path.Combine(_directory, name));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
