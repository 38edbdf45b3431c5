using AlignLab.Models;
using AlignLab.Testing.Gguf;
using AlignLab.Testing.Support;

namespace AlignLab.Providers.Llama.Tests.Support;

/// <summary>The tiny GGUF files the tests use, written once per test class into a temporary folder.</summary>
public sealed class TinyModels : IDisposable
{
    private readonly TempDir _dir = new();

    public TinyModels()
    {
        LlamaProvider.Register();
        Random = new TinyLlama().WriteTo(_dir.File("random.gguf"));
        Ab = new TinyLlama { FixedToken = "ab" }.WriteTo(_dir.File("ab.gguf"));
        EndsAtOnce = new TinyLlama { FixedToken = "</s>" }.WriteTo(_dir.File("eos.gguf"));
        NoTemplate = new TinyLlama { ChatTemplate = null }.WriteTo(_dir.File("no-template.gguf"));
        SaysUnsafe = new TinyLlama { FixedToken = "▁unsafe", ContextLength = 4096 }.WriteTo(_dir.File("says-unsafe.gguf"));
        SaysSafe = new TinyLlama { FixedToken = "▁safe", ContextLength = 4096 }.WriteTo(_dir.File("says-safe.gguf"));
        SaysYes = new TinyLlama { FixedToken = "▁Yes", ContextLength = 4096 }.WriteTo(_dir.File("says-yes.gguf"));
    }

    /// <summary>Random weights, ChatML template.</summary>
    public string Random { get; }

    /// <summary>Always answers "ab" (greedy), ChatML template.</summary>
    public string Ab { get; }

    /// <summary>Always picks the end-of-sequence token.</summary>
    public string EndsAtOnce { get; }

    /// <summary>Random weights, no tokenizer.chat_template.</summary>
    public string NoTemplate { get; }

    /// <summary>Always answers " unsafe" (a stand-in for a Llama Guard that flags everything).</summary>
    public string SaysUnsafe { get; }

    /// <summary>Always answers " safe".</summary>
    public string SaysSafe { get; }

    /// <summary>Always answers " Yes" (a stand-in for a ShieldGemma that flags everything).</summary>
    public string SaysYes { get; }

    /// <summary>A file in the fixture's folder that does not exist yet.</summary>
    public string File(string name) => _dir.File(name);

    public static ModelSpec Spec(string path, string options = "") => ModelSpec.Parse($"llama:{path}" + (options.Length == 0 ? "" : ";" + options));

    public void Dispose() => _dir.Dispose();
}
