using System.Text;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Errors;
using AlignLab.Testing.Gguf;
using AlignLab.Providers.Llama.Tests.Support;

namespace AlignLab.Providers.Llama.Tests;

/// <summary>
/// Bad input (issue 15, acceptance: "a missing or corrupt GGUF file is a usage error naming the file, never a crash"):
/// every broken file is refused by the managed header check, or by llama.cpp, with a <see cref="ModelProviderException"/>
/// whose message names the file, and the process keeps running.
/// </summary>
public sealed class LlamaProviderTests(TinyModels models) : IClassFixture<TinyModels>
{
    private static readonly byte[] Tiny = new TinyLlama().ToArray();

    private ModelProviderException Refused(string path, string expected)
    {
        var e = Assert.Throws<ModelProviderException>(() => ChatClientFactory.Create(TinyModels.Spec(path)));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("llama", e.Provider);
        return e;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = models.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it() => Refused(models.File("nowhere/guard.gguf"), "file not found");

    [Fact]
    public void A_directory_is_an_error_naming_it() => Refused(Path.GetDirectoryName(models.Ab)!, "is a directory");

    [Fact]
    public void An_empty_file_is_not_a_gguf_file() => Refused(Write("empty.gguf", []), "not a GGUF file");

    [Fact]
    public void A_file_with_the_wrong_magic_is_not_a_gguf_file()
    {
        var zip = Write("model.gguf", [0x50, 0x4B, 0x03, 0x04, .. Tiny.AsSpan(4)]);

        Refused(zip, "not a GGUF file: it starts with 504B0304");
    }

    [Fact]
    public void A_safetensors_file_named_gguf_is_not_a_gguf_file() =>
        Refused(Write("safetensors.gguf", [.. BitConverter.GetBytes(13L), .. "{\"a\":\"b\"}   "u8]), "not a GGUF file");

    [Theory]
    [InlineData(1u, "GGUF version 1 is not supported")]
    [InlineData(4u, "GGUF version 4 is not supported")]
    [InlineData(0x03000000u, "big-endian")]
    public void An_unsupported_version_is_named(uint version, string expected)
    {
        var bytes = (byte[])Tiny.Clone();
        BitConverter.GetBytes(version).CopyTo(bytes, 4);

        Refused(Write($"v{version}.gguf", bytes), expected);
    }

    [Theory]
    [InlineData(6)] // inside the version
    [InlineData(20)] // inside the metadata count
    [InlineData(100)] // inside the metadata
    [InlineData(0.5)] // inside the tensor data
    [InlineData(0.999)] // the last bytes of the last tensor
    public void A_truncated_file_is_an_error_naming_it(double cut)
    {
        var length = cut < 1 ? (int)(Tiny.Length * cut) : (int)cut;

        Refused(Write($"truncated-{length}.gguf", Tiny[..length]), "truncated");
    }

    [Fact]
    public void A_file_cut_inside_the_tensor_infos_is_truncated()
    {
        // The tensor infos follow the metadata, which ends after the last key's value: find the first tensor name.
        var at = Tiny.AsSpan().IndexOf("token_embd.weight"u8);

        Refused(Write("cut-infos.gguf", Tiny[..(at + 5)]), "truncated");
    }

    [Fact]
    public void Counts_larger_than_the_file_can_hold_are_corrupt()
    {
        var bytes = (byte[])Tiny.Clone();
        BitConverter.GetBytes(ulong.MaxValue / 2).CopyTo(bytes, 8);

        Refused(Write("huge-count.gguf", bytes), "more than a");
    }

    [Fact]
    public void A_file_without_an_architecture_is_refused_before_llama_cpp_sees_it()
    {
        var bytes = new GgufWriter().Add("general.name", "x").ToArray();

        Refused(Write("no-arch.gguf", bytes), "general.architecture");
    }

    [Fact]
    public void An_architecture_llama_cpp_does_not_know_is_its_error_naming_the_file()
    {
        var text = Encoding.Latin1.GetString(Tiny).Replace("\u0005\0\0\0\0\0\0\0llama", "\u0005\0\0\0\0\0\0\0zzzzz", StringComparison.Ordinal);

        var e = Refused(Write("unknown-arch.gguf", Encoding.Latin1.GetBytes(text)), "llama.cpp could not load it");

        Assert.Contains("zzzzz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_whose_data_lies_beyond_the_end_is_truncated()
    {
        var bytes = new GgufWriter().Add("general.architecture", "llama").Tensor("t", [64], new float[64]).ToArray();

        Refused(Write("short-tensor.gguf", bytes[..^8]), "tensor 't'");
    }

    [Fact]
    public void Single_byte_corruptions_of_the_header_are_refused_or_loaded_but_never_crash_the_process()
    {
        // Each mutant either loads (the byte did not matter: a weight, a score) or is refused with an error naming the file.
        var random = new Random(15);
        var headerEnd = Tiny.AsSpan().LastIndexOf("ffn_down.weight"u8) + 64;
        var refused = 0;
        for (var i = 0; i < 120; i++)
        {
            var bytes = (byte[])Tiny.Clone();
            bytes[random.Next(headerEnd)] = (byte)random.Next(256);
            var path = Write($"mutant-{i}.gguf", bytes);
            try
            {
                using var client = ChatClientFactory.Create(TinyModels.Spec(path, "context_size=64"));
            }
            catch (ModelProviderException e)
            {
                Assert.Contains(path, e.Message, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.InRange(refused, 1, 120);
    }
}
