namespace AlignLab.Training.Lora;

/// <summary>
/// A LoRA adapter's shape, with PEFT's <c>LoraConfig</c> meaning: each targeted linear layer y = W·x gets
/// y = W·x + B·A·dropout(x) · <see cref="Scaling"/>, A [r, in] and B [out, r], B starting at zero.
/// </summary>
public sealed record LoraOptions
{
    /// <summary>PEFT's default targets for llama, qwen2 and gemma.</summary>
    public static readonly IReadOnlyList<string> DefaultTargetModules = ["q_proj", "v_proj"];

    /// <summary>Every linear layer except <c>lm_head</c> (PEFT's <c>"all-linear"</c>).</summary>
    public const string AllLinear = "all-linear";

    /// <summary>The rank r (PEFT <c>r</c>, default 8).</summary>
    public int Rank { get; init; } = 8;

    /// <summary>PEFT <c>lora_alpha</c> (default 8): the update is scaled by alpha / r.</summary>
    public double Alpha { get; init; } = 8;

    /// <summary>PEFT <c>lora_dropout</c>: dropout on the adapter's input while training (default 0).</summary>
    public double Dropout { get; init; }

    /// <summary>
    /// Module-name suffixes (<c>q_proj</c> matches <c>model.layers.0.self_attn.q_proj</c>), or the single entry
    /// <see cref="AllLinear"/>.
    /// </summary>
    public IReadOnlyList<string> TargetModules { get; init; } = DefaultTargetModules;

    /// <summary>PEFT <c>use_rslora</c>: scale by alpha / √r instead of alpha / r.</summary>
    public bool UseRsLora { get; init; }

    /// <summary>The factor applied to B·A.</summary>
    public double Scaling => UseRsLora ? Alpha / Math.Sqrt(Rank) : Alpha / Rank;

    /// <summary>Every problem with the values, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Rank <= 0)
        {
            errors.Add($"r must be positive (got {Rank})");
        }

        if (!(Alpha > 0) || double.IsInfinity(Alpha))
        {
            errors.Add($"alpha must be a positive number (got {Alpha})");
        }

        if (!(Dropout >= 0 && Dropout < 1))
        {
            errors.Add($"dropout must be in [0, 1) (got {Dropout})");
        }

        if (TargetModules is null || TargetModules.Count == 0 || TargetModules.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("target modules must name at least one module, with no empty names");
        }

        return errors;
    }

    /// <summary>
    /// Parses the command-line form <c>r=16,alpha=32[,dropout=0.05][,targets=q_proj+v_proj|all-linear][,rslora=true]</c>;
    /// every bad part is reported.
    /// </summary>
    public static (LoraOptions? Options, IReadOnlyList<string> Errors) Parse(string? text)
    {
        var errors = new List<string>();
        var options = new LoraOptions();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = eq < 0 ? (part, "") : (part[..eq].Trim(), part[(eq + 1)..].Trim());
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            var number = System.Globalization.NumberStyles.Float;
            switch (key)
            {
                case "r" or "rank" when int.TryParse(value, invariant, out var r):
                    options = options with { Rank = r };
                    break;
                case "alpha" or "lora_alpha" when double.TryParse(value, number, invariant, out var a):
                    options = options with { Alpha = a };
                    break;
                case "dropout" or "lora_dropout" when double.TryParse(value, number, invariant, out var d):
                    options = options with { Dropout = d };
                    break;
                case "targets" or "target_modules" when value.Length > 0:
                    options = options with { TargetModules = value.Split('+', StringSplitOptions.TrimEntries) };
                    break;
                case "rslora" or "use_rslora" when bool.TryParse(value, out var rs):
                    options = options with { UseRsLora = rs };
                    break;
                case "r" or "rank" or "alpha" or "lora_alpha" or "dropout" or "lora_dropout" or "targets" or "target_modules" or "rslora"
                    or "use_rslora":
                    errors.Add($"'{part}': '{value}' is not a valid value for {key}");
                    break;
                default:
                    errors.Add($"'{part}': unknown key '{key}' (expected r, alpha, dropout, targets, rslora)");
                    break;
            }
        }

        errors.AddRange(options.Validate());
        return errors.Count > 0 ? (null, errors) : (options, errors);
    }
}
