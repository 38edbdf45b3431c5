using System.Globalization;
using System.Text;
using System.Text.Json;
using AlignLab.Training.Checkpoints;
using AlignLab.Training.Models;
using static TorchSharp.torch;

namespace AlignLab.Training.Lora;

/// <summary>
/// Hugging Face PEFT's adapter folder: <c>adapter_config.json</c> (LoraConfig fields, sorted keys, 2-space indent) and
/// <c>adapter_model.safetensors</c> (metadata <c>format: pt</c>). Tensor keys are <c>base_model.model.</c> + the module's
/// Hugging Face path + <c>.lora_A.weight</c> [r, in] or <c>.lora_B.weight</c> [out, r], e.g.
/// <c>base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight</c>; PEFT drops the adapter name
/// (<c>default</c>) on save, and a key that still has it (<c>lora_A.default.weight</c>) is read too.
/// </summary>
public static class PeftAdapterFiles
{
    /// <summary>The config file's name.</summary>
    public const string ConfigFileName = "adapter_config.json";

    /// <summary>The weights file's name.</summary>
    public const string WeightsFileName = "adapter_model.safetensors";

    /// <summary>The prefix PEFT's <c>PeftModelForCausalLM</c> puts before the model's own module paths.</summary>
    public const string KeyPrefix = "base_model.model.";

    /// <summary>The safetensors key of <paramref name="matrix"/> (<c>lora_A</c> or <c>lora_B</c>) of a module.</summary>
    public static string KeyFor(string moduleName, string matrix) => $"{KeyPrefix}{moduleName}.{matrix}.weight";

    /// <summary>Writes the adapter folder (created if needed; the two files are replaced).</summary>
    public static void Save(LoraAdapter adapter, string directory, string? baseModelNameOrPath = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        Directory.CreateDirectory(directory);
        Save(adapter, directory, baseModelNameOrPath, path => new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None));
    }

    internal static void Save(LoraAdapter adapter, string directory, string? baseModelNameOrPath, Func<string, Stream> create)
    {
        using (var stream = create(Path.Combine(directory, WeightsFileName)))
        {
            SafetensorsFile.Write(stream, adapter.PeftStateDict());
        }

        using (var stream = create(Path.Combine(directory, ConfigFileName)))
        {
            stream.Write(Encoding.UTF8.GetBytes(ConfigJson(adapter.Options, adapter.ModuleNames, baseModelNameOrPath)));
        }
    }

    /// <summary>
    /// Reads an adapter folder as PEFT writes it and attaches it to <paramref name="model"/>. Settings this code cannot
    /// honour (DoRA, fan_in_fan_out, trained biases, rank/alpha patterns, modules_to_save, layers_to_transform) are errors,
    /// as are missing, extra or mis-shaped tensors (each named with its shapes).
    /// </summary>
    public static CheckpointResult<LoraAdapter> Load(DecoderModel model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        var configPath = Path.Combine(directory, ConfigFileName);
        var weightsPath = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(configPath) || !File.Exists(weightsPath))
        {
            return CheckpointResult<LoraAdapter>.Fail($"{directory}: an adapter folder needs {ConfigFileName} and {WeightsFileName}");
        }

        var (options, errors) = ReadConfig(File.ReadAllText(configPath));
        if (options is null)
        {
            return CheckpointResult<LoraAdapter>.Fail([.. errors.Select(e => $"{configPath}: {e}")]);
        }

        var read = SafetensorsFile.Read(weightsPath);
        if (read.Value is null)
        {
            return CheckpointResult<LoraAdapter>.Fail(read.Errors);
        }

        var tensors = read.Value.ToDictionary(
            p => p.Key.Replace(".default.weight", ".weight", StringComparison.Ordinal), p => p.Value, StringComparer.Ordinal);
        try
        {
            LoraAdapter adapter;
            try
            {
                adapter = LoraAdapter.Attach(model, options);
            }
            catch (ArgumentException ex)
            {
                return CheckpointResult<LoraAdapter>.Fail($"{configPath}: {ex.Message}");
            }

            var loadErrors = adapter.LoadStateDict(tensors);
            if (loadErrors.Count > 0)
            {
                adapter.Dispose();
                return CheckpointResult<LoraAdapter>.Fail([.. loadErrors.Select(e => $"{weightsPath}: {e}")]);
            }

            return CheckpointResult<LoraAdapter>.Ok(adapter);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>The options in an <c>adapter_config.json</c>, or every reason it cannot be used.</summary>
    internal static (LoraOptions? Options, IReadOnlyList<string> Errors) ReadConfig(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return (null, [$"not valid JSON ({ex.Message})"]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, ["the config is not a JSON object"]);
            }

            var errors = new List<string>();
            var options = new LoraOptions();
            if (String(root, "peft_type") is var type && type != "LORA")
            {
                errors.Add($"peft_type is '{type ?? "missing"}', not LORA");
            }

            if (Number(root, "r", errors) is { } r)
            {
                options = options with { Rank = (int)r };
            }

            if (Number(root, "lora_alpha", errors) is { } alpha)
            {
                options = options with { Alpha = alpha };
            }

            if (Number(root, "lora_dropout", errors) is { } dropout)
            {
                options = options with { Dropout = dropout };
            }

            if (root.TryGetProperty("use_rslora", out var rs) && rs.ValueKind == JsonValueKind.True)
            {
                options = options with { UseRsLora = true };
            }

            if (root.TryGetProperty("target_modules", out var targets))
            {
                switch (targets.ValueKind)
                {
                    case JsonValueKind.Array when targets.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String):
                        options = options with
                        {
                            TargetModules = [.. targets.EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal)],
                        };
                        break;
                    case JsonValueKind.String:
                        options = options with { TargetModules = [targets.GetString()!] };
                        break;
                    case JsonValueKind.Null:
                        break; // PEFT's per-architecture default: q_proj, v_proj
                    default:
                        errors.Add("target_modules is neither a list of names nor a string");
                        break;
                }
            }

            Unsupported(root, "use_dora", v => v.ValueKind == JsonValueKind.True, "DoRA (use_dora) is not supported", errors);
            Unsupported(root, "fan_in_fan_out", v => v.ValueKind == JsonValueKind.True, "fan_in_fan_out is for Conv1D models, not these", errors);
            Unsupported(root, "lora_bias", v => v.ValueKind == JsonValueKind.True, "lora_bias is not supported", errors);
            Unsupported(root, "bias", v => v.ValueKind == JsonValueKind.String && v.GetString() != "none",
                "bias other than \"none\" is not supported",
                errors);
            foreach (var key in new[] { "rank_pattern", "alpha_pattern" })
            {
                Unsupported(root, key, v => v.ValueKind == JsonValueKind.Object && v.EnumerateObject().Any(), $"{key} is not supported", errors);
            }

            foreach (var key in new[] { "modules_to_save", "layers_to_transform", "trainable_token_indices", "layer_replication" })
            {
                Unsupported(root, key, v => v.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined
                    && !(v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0), $"{key} is not supported", errors);
            }

            errors.AddRange(options.Validate());
            return errors.Count > 0 ? (null, errors) : (options, errors);
        }
    }

    /// <summary>The config as PEFT's <c>LoraConfig.save_pretrained</c> writes it: sorted keys, 2-space indent.</summary>
    internal static string ConfigJson(LoraOptions options, IReadOnlyList<string> moduleNames, string? baseModelNameOrPath)
    {
        // all-linear is written as the list of module kinds it expanded to, as PEFT does after injection.
        var targets = options.TargetModules.Count == 1 && options.TargetModules[0] == LoraOptions.AllLinear
            ? [.. moduleNames.Select(n => n[(n.LastIndexOf('.') + 1)..]).Distinct().Order(StringComparer.Ordinal)]
            : options.TargetModules;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("alpha_pattern");
            w.WriteEndObject();
            w.WriteNull("auto_mapping");
            WriteStringOrNull(w, "base_model_name_or_path", baseModelNameOrPath);
            w.WriteString("bias", "none");
            w.WriteBoolean("fan_in_fan_out", false);
            w.WriteBoolean("inference_mode", true);
            w.WriteBoolean("init_lora_weights", true);
            w.WriteNull("layers_pattern");
            w.WriteNull("layers_to_transform");
            w.WriteNumber("lora_alpha", options.Alpha);
            w.WriteNumber("lora_dropout", options.Dropout);
            w.WriteNull("modules_to_save");
            w.WriteString("peft_type", "LORA");
            w.WriteNumber("r", options.Rank);
            w.WriteStartObject("rank_pattern");
            w.WriteEndObject();
            w.WriteNull("revision");
            w.WriteStartArray("target_modules");
            foreach (var target in targets)
            {
                w.WriteStringValue(target);
            }

            w.WriteEndArray();
            w.WriteString("task_type", "CAUSAL_LM");
            w.WriteBoolean("use_dora", false);
            w.WriteBoolean("use_rslora", options.UseRsLora);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return number;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is not a number ({value.GetRawText()})"));
        return null;
    }

    private static void Unsupported(JsonElement root, string name, Func<JsonElement, bool> bad, string message, List<string> errors)
    {
        if (root.TryGetProperty(name, out var value) && bad(value))
        {
            errors.Add(message);
        }
    }
}
