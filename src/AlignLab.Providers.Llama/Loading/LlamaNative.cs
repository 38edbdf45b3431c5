using LLama.Native;
using Microsoft.Extensions.Logging;

namespace AlignLab.Providers.Llama.Loading;

/// <summary>
/// Loads llama.cpp's native library once per process, with its log sent to an <see cref="ILogger"/> instead of standard
/// error (the first logger given wins: llama.cpp has one process-wide log callback).
/// </summary>
internal static class LlamaNative
{
    private static readonly Lock s_gate = new();
    private static string? s_failure;
    private static bool s_loaded;

    /// <summary>Loads the library; returns null, or why it could not be loaded.</summary>
    public static string? TryLoad(ILogger logger)
    {
        lock (s_gate)
        {
            if (s_loaded || s_failure is not null)
            {
                return s_failure;
            }

            try
            {
                NativeLogConfig.llama_log_set(logger);
                _ = NativeApi.llama_max_devices();
                s_loaded = true;
            }
            catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException
                                          or BadImageFormatException or LLama.Exceptions.RuntimeError)
            {
                s_failure = (e.InnerException ?? e).Message;
            }

            return s_failure;
        }
    }
}
