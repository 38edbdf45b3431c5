using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Lora;

/// <summary>
/// <c>model export --from ADAPTER</c> (issue 18, acceptance chain with --lora): the adapter folder train sft/dpo writes is
/// merged into its base before export, and the merged checkpoint computes the adapter-applied logits.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class LoraMergeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-merge-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_merged_adapter_folder_loads_as_a_plain_checkpoint_whose_logits_equal_the_adapter_applied_ones()
    {
        var baseDir = Path.Combine(_directory, "base");
        var adapterDir = Path.Combine(_directory, "adapter");
        ModelFolder.Initialise(DecoderConfig.Tiny(DecoderArchitecture.Llama), baseDir, seed: 3);
        using var ids = randint(3, 259, [2, 10], dtype: ScalarType.Int64);
        Tensor expected;
        using (var model = DecoderCheckpoint.Load(baseDir).GetValueOrThrow())
        using (var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 4, Alpha = 8, TargetModules = [LoraOptions.AllLinear] }))
        {
            LoraAdapterTests.RandomiseB(adapter);

            PeftAdapterFiles.Save(adapter, adapterDir, baseDir);
            model.eval();
            using var noGrad = no_grad();
            expected = model.Forward(ids).detach().clone();
        }

        Assert.True(LoraMerge.IsAdapterFolder(adapterDir));
        var merged = LoraMerge.ToFolder(adapterDir, null, Path.Combine(_directory, "merged"));

        Assert.Empty(merged.Errors);
        Assert.False(LoraMerge.IsAdapterFolder(merged.Value!));
        Assert.True(File.Exists(Path.Combine(merged.Value!, "tokenizer.json")));
        using var reloaded = DecoderCheckpoint.Load(merged.Value!).GetValueOrThrow();
        reloaded.eval();
        using var actual = reloaded.Forward(ids).detach();
        using var baseModel = DecoderCheckpoint.Load(baseDir).GetValueOrThrow();
        using var plain = baseModel.Forward(ids).detach();
        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5), $"max difference {(actual - expected).abs().max().item<float>()}");
        Assert.False(plain.allclose(expected, rtol: 0, atol: 1e-3)); // the adapter changed the logits, so the equality means something
        expected.Dispose();
    }

    [Fact]
    public void An_adapter_whose_base_folder_is_gone_is_an_error_naming_the_folder()
    {
        var adapterDir = Directory.CreateDirectory(Path.Combine(_directory, "adapter")).FullName;
        File.WriteAllText(Path.Combine(adapterDir, PeftAdapterFiles.ConfigFileName), "{\"base_model_name_or_path\": \"/nowhere/base\"}");

        var merged = LoraMerge.ToFolder(adapterDir, null, Path.Combine(_directory, "merged"));

        Assert.Null(merged.Value);
        Assert.Contains("the adapter's base model folder /nowhere/base was not found", merged.Errors[0], StringComparison.Ordinal);
    }
}
