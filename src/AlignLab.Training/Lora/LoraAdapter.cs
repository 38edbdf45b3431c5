using System.Text.RegularExpressions;
using AlignLab.Training.Checkpoints;
using AlignLab.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Lora;

/// <summary>
/// LoRA adapters attached to a <see cref="DecoderModel"/>'s linear layers. Attaching freezes the base weights; only
/// <see cref="TrainableParameters"/> train. Saved and loaded as Hugging Face PEFT does (see <see cref="PeftAdapterFiles"/>).
/// </summary>
public sealed class LoraAdapter : IDisposable
{
    private readonly List<LoraLayer> _layers;

    private LoraAdapter(DecoderModel model, LoraOptions options, List<LoraLayer> layers)
    {
        Model = model;
        Options = options;
        _layers = layers;
    }

    /// <summary>The model the adapters are attached to.</summary>
    public DecoderModel Model { get; }

    /// <summary>The adapter's shape.</summary>
    public LoraOptions Options { get; }

    /// <summary>The adapted modules' Hugging Face paths, in model order.</summary>
    public IReadOnlyList<string> ModuleNames => [.. _layers.Select(l => l.ModuleName)];

    /// <summary>Every lora_A and lora_B, in model order.</summary>
    public IReadOnlyList<Parameter> TrainableParameters => [.. _layers.SelectMany(l => new[] { l.A, l.B })];

    /// <summary>The number of trainable values.</summary>
    public long TrainableParameterCount => _layers.Sum(l => l.A.numel() + l.B.numel());

    /// <summary>Whether the adapters' updates are folded into the base weights.</summary>
    public bool Merged => _layers.Count > 0 && _layers[0].Merged;

    /// <summary>Off: the model computes as the base model (a DPO reference); merged weights are unmerged first.</summary>
    public bool Enabled
    {
        get => _layers.Count == 0 || _layers[0].Enabled;
        set
        {
            if (!value)
            {
                Unmerge();
            }

            foreach (var layer in _layers)
            {
                layer.Enabled = value;
            }
        }
    }

    /// <summary>
    /// Attaches fresh adapters (B = 0, so the model's output is unchanged) to every linear layer whose name matches
    /// <see cref="LoraOptions.TargetModules"/>, and freezes the model's own parameters.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid or match no module (the message names the candidates).</exception>
    public static LoraAdapter Attach(DecoderModel model, LoraOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        // named_modules() also lists modules under their C# field names (model.layers.0._attention.q_proj): keep the
        // Hugging Face path, the one whose weight is in the state dict.
        var weights = model.NamedTensors().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var linears = model.named_modules()
            .Where(m => m.module is Linear && m.name != "lm_head" && weights.Contains(m.name + ".weight"))
            .DistinctBy(m => m.name, StringComparer.Ordinal)
            .Select(m => (m.name, Linear: (Linear)m.module))
            .ToList();
        var targeted = linears.Where(m => Matches(m.name, options.TargetModules)).ToList();
        if (targeted.Count == 0)
        {
            var kinds = string.Join(", ", linears.Select(m => m.name[(m.name.LastIndexOf('.') + 1)..]).Distinct());
            throw new ArgumentException(
                $"target modules [{string.Join(", ", options.TargetModules)}] match no linear layer of the model (its layers end in {kinds})",
                nameof(options));
        }

        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad = false;
        }

        return new LoraAdapter(model, options, [.. targeted.Select(m => new LoraLayer(m.name, m.Linear, options))]);
    }

    /// <summary>Folds B·A·scaling into each base weight (generation without the hook's cost; export of merged weights).</summary>
    public void Merge()
    {
        foreach (var layer in _layers)
        {
            layer.Merge();
        }
    }

    /// <summary>Subtracts the merged update again; the base weights return to their values up to rounding.</summary>
    public void Unmerge()
    {
        foreach (var layer in _layers)
        {
            layer.Unmerge();
        }
    }

    /// <summary>The adapter tensors under PEFT's key names (<see cref="PeftAdapterFiles.KeyFor"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> PeftStateDict() =>
    [
        .. _layers.SelectMany(l => new[]
        {
            new KeyValuePair<string, Tensor>(PeftAdapterFiles.KeyFor(l.ModuleName, "lora_A"), l.A),
            new KeyValuePair<string, Tensor>(PeftAdapterFiles.KeyFor(l.ModuleName, "lora_B"), l.B),
        }),
    ];

    /// <summary>Copies adapter weights in (shapes checked by <see cref="PeftAdapterFiles"/>); missing keys are errors.</summary>
    internal IReadOnlyList<string> LoadStateDict(IReadOnlyDictionary<string, Tensor> tensors)
    {
        var errors = new List<string>();
        foreach (var (key, target) in PeftStateDict())
        {
            if (!tensors.TryGetValue(key, out var source))
            {
                errors.Add($"adapter tensor '{key}' is missing");
            }
            else if (!source.shape.SequenceEqual(target.shape))
            {
                errors.Add($"adapter tensor '{key}' has shape [{string.Join(", ", source.shape)}], "
                    + $"the model needs [{string.Join(", ", target.shape)}]");
            }
        }

        var known = PeftStateDict().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(tensors.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal)
            .Select(k => $"adapter tensor '{k}' matches no adapted module of this model"));
        if (errors.Count > 0)
        {
            return errors;
        }

        using var noGrad = no_grad();
        foreach (var (key, target) in PeftStateDict())
        {
            target.copy_(tensors[key]);
        }

        return errors;
    }

    /// <summary>Unmerges, removes the hooks and makes the base parameters trainable again.</summary>
    public void Dispose()
    {
        Unmerge();
        foreach (var layer in _layers)
        {
            layer.Dispose();
        }

        foreach (var parameter in Model.parameters())
        {
            parameter.requires_grad = true;
        }
    }

    // PEFT: a list entry matches a module named exactly so or ending in "." + entry; a lone string other than "all-linear"
    // is a regular expression that must match the whole module name.
    internal static bool Matches(string moduleName, IReadOnlyList<string> targets)
    {
        if (targets.Count == 1 && targets[0] == LoraOptions.AllLinear)
        {
            return true;
        }

        if (targets.Count == 1 && targets[0].IndexOfAny(['*', '(', '[', '|', '\\', '^', '$']) >= 0)
        {
            return Regex.IsMatch(moduleName, "^(?:" + targets[0] + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return targets.Any(t => moduleName == t || moduleName.EndsWith("." + t, StringComparison.Ordinal));
    }
}
