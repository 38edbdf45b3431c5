using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Errors;
using AlignLab.Providers.Llama.Gguf;
using AlignLab.Providers.Llama.Loading;
using Microsoft.Extensions.Logging;

namespace AlignLab.Providers.Llama;

/// <summary>
/// The <c>llama:PATH.gguf</c> model provider: local GGUF files run by llama.cpp (LLamaSharp, CPU backend). Call
/// <see cref="Register"/> once at startup and every model spec (judges, <c>chat</c>, <c>eval --model</c>,
/// <c>serve --upstream</c>) accepts <c>llama:</c>; options <c>context_size=N</c> (default: the model's trained context,
/// at most <see cref="DefaultMaxContextSize"/>), <c>threads=N</c> (default: half the processors, 1 to 8) and
/// <c>timeout=</c> (the longest wait for the prompt to be read or for the next token; default 60 s).
/// </summary>
public static class LlamaProvider
{
    /// <summary>The provider name in model specs.</summary>
    public const string Name = ModelSpec.Llama;

    /// <summary>The context size used when the spec names none and the model was trained on more (KV memory grows with it).</summary>
    public const int DefaultMaxContextSize = 4096;

    /// <summary>Makes <see cref="ChatClientFactory.Create(ModelSpec, ProviderOptions?)"/> build <c>llama:</c> specs. Idempotent.</summary>
    public static void Register() => ChatClientFactory.Register(Name, static (spec, options) => Create(spec, options));

    /// <summary>
    /// Opens the GGUF file of <paramref name="spec"/> (loaded once per process and shared) and returns a client the caller owns.
    /// The file's header is checked in managed code first, so a missing, truncated or corrupt file is an error naming it.
    /// </summary>
    /// <exception cref="ModelProviderException">The file is missing, unreadable or not a GGUF file llama.cpp can load, or the
    /// native library could not be loaded.</exception>
    public static LlamaChatClient Create(ModelSpec spec, ProviderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Provider != Name)
        {
            throw new ArgumentException($"'{spec}' is not a {Name}: spec", nameof(spec));
        }

        options ??= ProviderOptions.Default;
        var logger = options.LoggerFactory.CreateLogger("AlignLab.Providers.Llama");
        var path = Path.GetFullPath(spec.Model);
        var info = Inspect(spec, path);
        if (LlamaNative.TryLoad(options.LoggerFactory.CreateLogger("AlignLab.Providers.Llama.Native")) is { } failure)
        {
            throw Error(spec, $"llama:{spec.Model}: the llama.cpp native library (LLamaSharp.Backend.Cpu) could not be loaded: {failure}");
        }

        LlamaModelCache.Lease lease;
        try
        {
            lease = LlamaModelCache.Shared.Acquire(path, info, logger);
        }
        catch (GgufFormatException e)
        {
            throw Error(spec, $"{path}: {e.Message}", e);
        }

        try
        {
            var contextSize = spec.ContextSize ?? (int)Math.Clamp(info.TrainedContextLength ?? DefaultMaxContextSize, 1, DefaultMaxContextSize);
            if (info.TrainedContextLength is { } trained && contextSize > trained)
            {
                LlamaLog.ContextBeyondTraining(logger, path, contextSize, trained);
            }

            var threads = spec.Threads ?? Math.Clamp(Environment.ProcessorCount / 2, 1, 8);
            return new LlamaChatClient(lease, contextSize, threads, spec.Timeout, logger);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private static GgufInfo Inspect(ModelSpec spec, string path)
    {
        if (Directory.Exists(path))
        {
            throw Error(spec, $"{path} is a directory, not a GGUF file");
        }

        if (!File.Exists(path))
        {
            throw Error(spec, $"{path}: file not found (llama: takes the path of a .gguf file)");
        }

        try
        {
            return GgufReader.Read(path);
        }
        catch (GgufFormatException e)
        {
            throw Error(spec, $"{path}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(spec, $"{path} could not be read: {e.Message}", e);
        }
    }

    private static ModelProviderException Error(ModelSpec spec, string message, Exception? inner = null) =>
        new(Name, spec.Model, null, message, innerException: inner);
}
