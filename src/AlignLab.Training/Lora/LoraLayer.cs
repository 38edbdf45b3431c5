using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using HookRemover = TorchSharp.torch.nn.HookableModule<
    System.Func<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>,
    System.Func<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor,
        TorchSharp.torch.Tensor>>.HookRemover;

namespace AlignLab.Training.Lora;

/// <summary>
/// One adapted linear layer: A [r, in] (kaiming-uniform, a = √5, as PEFT) and B [out, r] (zeros), applied by a forward
/// hook on the base layer so the model's own code is unchanged. Merging adds B·A·scaling to the base weight and
/// silences the hook; unmerging subtracts it again.
/// </summary>
internal sealed class LoraLayer : nn.Module
{
    private readonly Linear _base;
    private readonly double _scaling;
    private readonly double _dropout;
    private HookRemover? _hook;

    public LoraLayer(string moduleName, Linear baseLayer, LoraOptions options)
        : base(nameof(LoraLayer))
    {
        ModuleName = moduleName;
        _base = baseLayer;
        _scaling = options.Scaling;
        _dropout = options.Dropout;
        var weight = baseLayer.weight!;
        long outFeatures = weight.shape[0], inFeatures = weight.shape[1];
        using (no_grad())
        {
            A = nn.Parameter(empty(options.Rank, inFeatures, dtype: weight.dtype, device: weight.device));
            nn.init.kaiming_uniform_(A, Math.Sqrt(5));
            B = nn.Parameter(zeros(outFeatures, options.Rank, dtype: weight.dtype, device: weight.device));
        }

        register_parameter("lora_A", A);
        register_parameter("lora_B", B);
        _hook = _base.register_forward_hook((_, input, output) => Enabled && !Merged ? output + Delta(input) : output);
    }

    /// <summary>The Hugging Face module path, e.g. <c>model.layers.0.self_attn.q_proj</c>.</summary>
    public string ModuleName { get; }

    public Parameter A { get; }

    public Parameter B { get; }

    public bool Merged { get; private set; }

    public bool Enabled { get; set; } = true;

    public void Merge()
    {
        if (Merged)
        {
            return;
        }

        using var noGrad = no_grad();
        using var delta = DeltaWeight();
        _base.weight!.add_(delta);
        Merged = true;
    }

    public void Unmerge()
    {
        if (!Merged)
        {
            return;
        }

        using var noGrad = no_grad();
        using var delta = DeltaWeight();
        _base.weight!.sub_(delta);
        Merged = false;
    }

    /// <summary>Removes the hook (after unmerging nothing of the adapter stays in the model).</summary>
    public void Detach()
    {
        _hook?.remove();
        _hook = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Detach();
        }

        base.Dispose(disposing);
    }

    private Tensor Delta(Tensor input)
    {
        // Dropout follows the model's train()/eval() mode, which reaches the base layer (this module is not registered in the model).
        var x = _dropout > 0 && _base.training ? nn.functional.dropout(input, _dropout, true) : input;
        return x.matmul(A.t()).matmul(B.t()) * _scaling;
    }

    // B·A·scaling in fp32 (PEFT computes the merge in fp32 for half-precision weights), cast to the weight's dtype.
    private Tensor DeltaWeight()
    {
        using var product = B.to(ScalarType.Float32).matmul(A.to(ScalarType.Float32));
        return (product * _scaling).to(_base.weight!.dtype);
    }
}
