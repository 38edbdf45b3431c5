using Microsoft.Extensions.Logging;

namespace AlignLab.Providers.Llama;

/// <summary>Source-generated log messages of the llama provider (never prompt or answer text).</summary>
internal static partial class LlamaLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loaded {Path} ({Architecture}, {Megabytes:0.0} MB) in {Milliseconds:0} ms")]
    public static partial void Loaded(ILogger logger, string path, string architecture, double megabytes, double milliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Path}: {Reason}; prompts are written in the ChatML format instead")]
    public static partial void TemplateFallback(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "{Path}: context_size {Requested} is more than the {Trained} tokens the model was trained on")]
    public static partial void ContextBeyondTraining(ILogger logger, string path, int requested, long trained);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug,
        Message = "{Path}: {PromptTokens} prompt and {OutputTokens} output tokens in {Milliseconds:0} ms ({Finish})")]
    public static partial void Generated(ILogger logger, string path, int promptTokens, int outputTokens, double milliseconds, string finish);
}
