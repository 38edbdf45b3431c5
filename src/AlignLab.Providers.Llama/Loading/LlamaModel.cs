using System.Diagnostics;
using AlignLab.Providers.Llama.Gguf;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using Microsoft.Extensions.Logging;

namespace AlignLab.Providers.Llama.Loading;

/// <summary>
/// One loaded GGUF file: llama.cpp's weights (memory-mapped), what the header said, the chat template to use, and the
/// gate that lets one generation at a time run on it (on a CPU, parallel generations only share the same cores).
/// Owned by <see cref="LlamaModelCache"/>; clients hold a lease.
/// </summary>
internal sealed class LlamaModel : IDisposable
{
    /// <summary>llama.cpp's name of the template used when the file has none it recognises.</summary>
    public const string FallbackTemplate = "chatml";

    private LlamaModel(string path, GgufInfo info, LLamaWeights weights, string template, string templateDescription)
    {
        Path = path;
        Info = info;
        Weights = weights;
        Template = template;
        TemplateDescription = templateDescription;
    }

    public string Path { get; }

    public GgufInfo Info { get; }

    public LLamaWeights Weights { get; }

    /// <summary>What is handed to llama.cpp's template engine: the file's Jinja source, or <see cref="FallbackTemplate"/>.</summary>
    public string Template { get; }

    /// <summary>For people: "tokenizer.chat_template (chatml)" or "chatml (fallback: …)".</summary>
    public string TemplateDescription { get; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Loads <paramref name="path"/>, whose header has already been checked.</summary>
    /// <exception cref="GgufFormatException">llama.cpp refused the file.</exception>
    public static LlamaModel Load(string path, GgufInfo info, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        LLamaWeights weights;
        try
        {
            weights = LLamaWeights.LoadFromFile(new ModelParams(path));
        }
        catch (LoadWeightsFailedException e)
        {
            throw new GgufFormatException(
                $"llama.cpp could not load it (architecture '{info.Architecture}'; "
                + "an architecture this llama.cpp does not know, or tensors that do not match it)", e);
        }

        try
        {
            var (template, description) = ChooseTemplate(path, info, logger);
            LlamaLog.Loaded(logger, path, info.Architecture, weights.SizeInBytes / 1e6, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new LlamaModel(path, info, weights, template, description);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Weights.Dispose();
        Gate.Dispose();
    }

    private static (string Template, string Description) ChooseTemplate(string path, GgufInfo info, ILogger logger)
    {
        string reason;
        if (string.IsNullOrWhiteSpace(info.ChatTemplate))
        {
            reason = "the file has no tokenizer.chat_template";
        }
        else if (TryApply(info.ChatTemplate))
        {
            return (info.ChatTemplate, "tokenizer.chat_template from the file");
        }
        else
        {
            reason = "llama.cpp does not recognise the file's tokenizer.chat_template";
        }

        LlamaLog.TemplateFallback(logger, path, reason);
        return (FallbackTemplate, $"{FallbackTemplate} (fallback: {reason})");
    }

    private static bool TryApply(string template)
    {
        try
        {
            var probe = new LLamaTemplate(template) { AddAssistant = true };
            probe.Add("user", "probe");
            return probe.Apply().Length > 0;
        }
        catch (Exception e) when (e is RuntimeError or MissingTemplateException)
        {
            return false;
        }
    }
}
