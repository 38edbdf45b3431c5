using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Models;

/// <summary>down_proj(act(gate_proj(x)) · up_proj(x)): SwiGLU with silu (Llama, Qwen2), GeGLU with tanh-gelu (Gemma). No biases.</summary>
internal sealed class GatedMlp : nn.Module<Tensor, Tensor>
{
    private readonly string _activation;
    private readonly Linear _gate;
    private readonly Linear _up;
    private readonly Linear _down;

    public GatedMlp(DecoderConfig config)
        : base(nameof(GatedMlp))
    {
        _activation = config.HiddenAct;
        _gate = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false);
        _up = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false);
        _down = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: false);
        register_module("gate_proj", _gate);
        register_module("up_proj", _up);
        register_module("down_proj", _down);
    }

    // call(), not forward(), so forward hooks (LoRA adapters, Lora/LoraAdapter) apply to the projections.
    public override Tensor forward(Tensor input) => _down.call(Activate(_gate.call(input)) * _up.call(input));

    private Tensor Activate(Tensor x) => _activation switch
    {
        "silu" or "swish" => nn.functional.silu(x),
        "gelu" => nn.functional.gelu(x),
        // gelu_pytorch_tanh / gelu_new / gelu_tanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
        _ => 0.5 * x * (1 + tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x.pow(3))))),
    };
}
