using System.Text;
using System.Text.Json;

namespace AlignLab.Training.Tokenizers;

/// <summary>
/// The tokenizer of models <c>alignlab model init</c> creates: three special tokens (<c>&lt;pad&gt;</c> 0, <c>&lt;s&gt;</c> 1,
/// <c>&lt;/s&gt;</c> 2) then one token per UTF-8 byte (3 + byte), so any text encodes. Written as a Hugging Face byte-level
/// BPE <c>tokenizer.json</c> with no merges (tokens in GPT-2's bytes→unicode alphabet), which transformers' fast tokenizer loads.
/// </summary>
public static class ByteTokenizer
{
    /// <summary>Vocabulary size: 3 specials + 256 bytes.</summary>
    public const int VocabSize = 259;

    /// <summary>The first byte token's id.</summary>
    public const int ByteOffset = 3;

    /// <summary>Special tokens by id.</summary>
    public static readonly IReadOnlyList<string> SpecialTokens = ["<pad>", "<s>", "</s>"];

    /// <summary>The ids of <paramref name="text"/>'s UTF-8 bytes, after <c>&lt;s&gt;</c> when <paramref name="addBos"/>.</summary>
    public static long[] Encode(string text, bool addBos = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var ids = new List<long>(bytes.Length + 1);
        if (addBos)
        {
            ids.Add(1);
        }

        ids.AddRange(bytes.Select(b => (long)(b + ByteOffset)));
        return [.. ids];
    }

    /// <summary>The text of <paramref name="ids"/>; special tokens are dropped, invalid UTF-8 becomes U+FFFD.</summary>
    public static string Decode(IEnumerable<long> ids) =>
        Encoding.UTF8.GetString([.. ids.Where(id => id >= ByteOffset && id < VocabSize).Select(id => (byte)(id - ByteOffset))]);

    /// <summary>GPT-2's reversible byte → printable character map (printable Latin-1 bytes map to themselves).</summary>
    internal static char[] ByteAlphabet()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is (>= '!' and <= '~') or (>= 0xA1 and <= 0xAC) or (>= 0xAE and <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    /// <summary>Writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into <paramref name="directory"/>.</summary>
    public static void WriteDirectory(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), TokenizerJson());
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), """
            {
              "tokenizer_class": "PreTrainedTokenizerFast",
              "bos_token": "<s>",
              "eos_token": "</s>",
              "pad_token": "<pad>",
              "add_bos_token": true,
              "add_eos_token": false,
              "model_max_length": 256
            }

            """);
    }

    /// <summary>The <c>tokenizer.json</c> text (serialization version 1.0).</summary>
    public static string TokenizerJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");
            w.WriteStartArray("added_tokens");
            for (var id = 0; id < SpecialTokens.Count; id++)
            {
                w.WriteStartObject();
                w.WriteNumber("id", id);
                w.WriteString("content", SpecialTokens[id]);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", true);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNull("normalizer");
            WriteByteLevel(w, "pre_tokenizer");
            w.WriteNull("post_processor");
            WriteByteLevel(w, "decoder");
            w.WriteStartObject("model");
            w.WriteString("type", "BPE");
            w.WriteNull("dropout");
            w.WriteNull("unk_token");
            w.WriteNull("continuing_subword_prefix");
            w.WriteNull("end_of_word_suffix");
            w.WriteBoolean("fuse_unk", false);
            w.WriteBoolean("byte_fallback", false);
            w.WriteBoolean("ignore_merges", false);
            w.WriteStartObject("vocab");
            for (var id = 0; id < SpecialTokens.Count; id++)
            {
                w.WriteNumber(SpecialTokens[id], id);
            }

            var alphabet = ByteAlphabet();
            for (var b = 0; b < 256; b++)
            {
                w.WriteNumber(alphabet[b].ToString(), b + ByteOffset);
            }

            w.WriteEndObject();
            w.WriteStartArray("merges");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteByteLevel(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", false);
        w.WriteBoolean("trim_offsets", true);
        w.WriteBoolean("use_regex", true);
        w.WriteEndObject();
    }
}
