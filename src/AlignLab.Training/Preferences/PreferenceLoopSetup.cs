using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Preferences;

/// <summary>What <see cref="PreferenceLoop"/> trains and where it writes.</summary>
internal sealed record PreferenceLoopSetup(
    int PairCount, IReadOnlyList<Parameter> Parameters, PreferenceOptions Options, string OutputDirectory,
    IReadOnlyList<string> StepColumns, IReadOnlyList<string> EvalColumns, DecoderModel? Model, LoraAdapter? Adapter,
    IReadOnlyList<KeyValuePair<string, Tensor>>? Head);
