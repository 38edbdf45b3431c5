using System.Globalization;
using System.Text.Json;
using AlignLab.Training.Checkpoints;

namespace AlignLab.Training.Export;

/// <summary>
/// A checkpoint folder's tokenizer as GGUF's <c>tokenizer.ggml.*</c> keys: a byte-level BPE <c>tokenizer.json</c> (GPT-2,
/// Llama-3, Qwen2 style, and the byte tokenizer of <c>model init</c>) becomes llama.cpp's <c>gpt2</c> tokenizer with the same
/// ids, so text encodes to the same tokens in both. Special added tokens are CONTROL, other added tokens USER_DEFINED, and
/// ids up to <c>vocab_size</c> that the tokenizer leaves unused are <c>[PADn]</c> UNUSED entries (the embedding rows exist).
/// </summary>
internal sealed record GgufVocabulary(
    IReadOnlyList<string> Tokens, IReadOnlyList<int> TokenTypes, IReadOnlyList<string> Merges, string? PreTokenizer,
    bool AddBosToken, string? ChatTemplate)
{
    private const int Normal = 1;
    private const int Control = 3;
    private const int UserDefined = 4;
    private const int Unused = 5;

    /// <summary>Reads tokenizer.json (and tokenizer_config.json, chat_template.jinja when present) from <paramref name="directory"/>.</summary>
    public static CheckpointResult<GgufVocabulary> Read(string directory, int vocabSize)
    {
        var path = Path.Combine(directory, "tokenizer.json");
        if (!File.Exists(path))
        {
            return CheckpointResult<GgufVocabulary>.Fail(File.Exists(Path.Combine(directory, "tokenizer.model"))
                ? $"{directory}: only a SentencePiece tokenizer.model is present; GGUF export needs a byte-level BPE tokenizer.json"
                : $"{directory}: no tokenizer.json (GGUF files carry their tokenizer; 'alignlab model init' writes one)");
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var errors = new List<string>();
            var vocabulary = FromTokenizerJson(json.RootElement, vocabSize, path, errors);
            if (vocabulary is null || errors.Count > 0)
            {
                return CheckpointResult<GgufVocabulary>.Fail(errors);
            }

            var (addBos, template) = ReadTokenizerConfig(directory, errors);
            return errors.Count > 0
                ? CheckpointResult<GgufVocabulary>.Fail(errors)
                : CheckpointResult<GgufVocabulary>.Ok(vocabulary with { AddBosToken = addBos, ChatTemplate = template });
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return CheckpointResult<GgufVocabulary>.Fail($"{path}: {e.Message}");
        }
    }

    private static GgufVocabulary? FromTokenizerJson(JsonElement root, int vocabSize, string path, List<string> errors)
    {
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: no \"model\" object");
            return null;
        }

        var type = model.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type != "BPE" || !HasByteLevel(root, "pre_tokenizer"))
        {
            errors.Add($"{path}: a {type ?? "untyped"} tokenizer{(type == "BPE" ? " without a ByteLevel pre-tokenizer" : "")}; " +
                       "GGUF export supports byte-level BPE tokenizers (llama.cpp's gpt2) only");
            return null;
        }

        var tokens = new string?[vocabSize];
        var types = new int[vocabSize];
        if (model.TryGetProperty("vocab", out var vocab) && vocab.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in vocab.EnumerateObject())
            {
                Place(entry.Name, entry.Value, Normal, tokens, types, path, errors);
            }
        }

        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                var content = token.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
                var special = token.TryGetProperty("special", out var s) && s.ValueKind == JsonValueKind.True;
                if (token.TryGetProperty("id", out var id))
                {
                    Place(content, id, special ? Control : UserDefined, tokens, types, path, errors);
                }
            }
        }

        for (var i = 0; i < vocabSize; i++)
        {
            if (tokens[i] is null)
            {
                tokens[i] = string.Create(CultureInfo.InvariantCulture, $"[PAD{i}]");
                types[i] = Unused;
            }
        }

        return new GgufVocabulary(tokens!, types, ReadMerges(model), PreTokenizerName(root), false, null);
    }

    private static void Place(string content, JsonElement id, int type, string?[] tokens, int[] types, string path, List<string> errors)
    {
        if (!id.TryGetInt32(out var index) || index < 0 || index >= tokens.Length)
        {
            errors.Add($"{path}: token '{content}' has id {id} outside the model's vocab_size {tokens.Length}");
            return;
        }

        tokens[index] = content;
        types[index] = type;
    }

    private static List<string> ReadMerges(JsonElement model)
    {
        var merges = new List<string>();
        if (model.TryGetProperty("merges", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var merge in list.EnumerateArray())
            {
                // Current tokenizers write [left, right]; older files "left right".
                merges.Add(merge.ValueKind == JsonValueKind.Array
                    ? string.Join(' ', merge.EnumerateArray().Select(p => p.GetString()))
                    : merge.GetString() ?? "");
            }
        }

        return merges;
    }

    private static bool HasByteLevel(JsonElement root, string property) =>
        root.TryGetProperty(property, out var element) && Flatten(element).Any(e => TypeOf(e) == "ByteLevel");

    /// <summary>llama.cpp's pre-tokenizer name: "gpt-2" for a lone ByteLevel with its GPT-2 regex; null (llama.cpp's default) otherwise.</summary>
    private static string? PreTokenizerName(JsonElement root)
    {
        var steps = Flatten(root.GetProperty("pre_tokenizer")).ToList();
        return steps.Count == 1 && steps[0].TryGetProperty("use_regex", out var regex) && regex.ValueKind == JsonValueKind.True ? "gpt-2" : null;
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return TypeOf(element) == "Sequence" && element.TryGetProperty("pretokenizers", out var steps) && steps.ValueKind == JsonValueKind.Array
            ? steps.EnumerateArray().SelectMany(Flatten)
            : [element];
    }

    private static string? TypeOf(JsonElement element) =>
        element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    private static (bool AddBos, string? Template) ReadTokenizerConfig(string directory, List<string> errors)
    {
        var addBos = false;
        string? template = null;
        var path = Path.Combine(directory, "tokenizer_config.json");
        if (File.Exists(path))
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(path));
                var root = json.RootElement;
                addBos = root.TryGetProperty("add_bos_token", out var bos) && bos.ValueKind == JsonValueKind.True;
                if (root.TryGetProperty("chat_template", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    template = t.GetString();
                }
            }
            catch (JsonException e)
            {
                errors.Add($"{path}: {e.Message}");
            }
        }

        var sidecar = Path.Combine(directory, "chat_template.jinja");
        return (addBos, File.Exists(sidecar) ? File.ReadAllText(sidecar) : template);
    }
}
