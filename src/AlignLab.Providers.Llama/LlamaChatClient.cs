using System.Diagnostics;
using System.Runtime.CompilerServices;
using AlignLab.Providers.Errors;
using AlignLab.Providers.Llama.Generation;
using AlignLab.Providers.Llama.Loading;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AlignLab.Providers.Llama;

/// <summary>
/// A local GGUF model (<c>llama:PATH.gguf</c>) as an <see cref="IChatClient"/>, run by llama.cpp through LLamaSharp on the
/// CPU. Prompts are written with the chat template in the file (<c>tokenizer.chat_template</c>; ChatML when there is none
/// llama.cpp recognises). Streams token by token; honours <see cref="ChatOptions.MaxOutputTokens"/>,
/// <see cref="ChatOptions.StopSequences"/>, temperature, top-p, top-k, seed and penalties; cancellation stops generation
/// between tokens. Generations on one model run one at a time. Failures are <see cref="ModelProviderException"/>s naming
/// the file. Create it with <see cref="LlamaProvider.Create"/>; disposing it releases its context and its share of the weights.
/// </summary>
public sealed class LlamaChatClient : IChatClient
{
    private readonly LlamaModelCache.Lease _lease;
    private readonly ModelParams _contextParams;
    private readonly TimeSpan _idleTimeout;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ChatClientMetadata _metadata;
    private LLamaContext? _context;

    internal LlamaChatClient(LlamaModelCache.Lease lease, int contextSize, int threads, TimeSpan idleTimeout, ILogger logger)
    {
        _lease = lease;
        _idleTimeout = idleTimeout;
        _logger = logger;
        _contextParams = new ModelParams(lease.Model.Path)
        {
            ContextSize = (uint)contextSize,
            Threads = threads,
            BatchThreads = threads,
            BatchSize = (uint)Math.Min(512, contextSize),
        };
        _metadata = new ChatClientMetadata(LlamaProvider.Name, new Uri(lease.Model.Path), Path.GetFileName(lease.Model.Path));
        ContextSize = contextSize;
        Threads = threads;
    }

    /// <summary>The GGUF file (full path).</summary>
    public string ModelPath => _lease.Model.Path;

    /// <summary>The context window in tokens (prompt and answer together).</summary>
    public int ContextSize { get; }

    /// <summary>CPU threads used for generation.</summary>
    public int Threads { get; }

    /// <summary>Which chat template writes the prompts, and why a fallback was used if one was.</summary>
    public string ChatTemplate => _lease.Model.TemplateDescription;

    /// <summary><c>general.architecture</c> of the file, e.g. <c>llama</c> or <c>gemma2</c>.</summary>
    public string Architecture => _lease.Model.Info.Architecture;

    private string Display => $"llama:{ModelPath}";

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var updates = GenerateAsync(messages, options, idle).GetAsyncEnumerator(idle.Token);
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException e) when (_disposed.IsCancellationRequested)
                {
                    throw new ObjectDisposedException($"{Display}: the client was disposed during generation", e);
                }
                catch (OperationCanceledException e)
                {
                    throw Error(
                        $"{Display} produced nothing for {_idleTimeout.TotalSeconds:0.###} s "
                        + "(timeout=, the limit for reading the prompt and between tokens)", e);
                }
                catch (RuntimeError e)
                {
                    throw Error($"{Display} failed: {e.Message}", e);
                }

                yield return updates.Current;
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        var gate = _lease.Model.Gate;
        gate.Wait(); // a running generation sees the cancellation between tokens and lets go
        try
        {
            _context?.Dispose();
            _context = null;
        }
        finally
        {
            gate.Release();
        }

        _lease.Dispose();
        _disposed.Dispose();
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GenerateAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationTokenSource idle)
    {
        var token = idle.Token;
        var model = _lease.Model;
        var prompt = PromptTokenizer.Tokenize(model, messages);
        if (prompt.Count >= ContextSize)
        {
            throw Error(
                $"{Display}: the prompt is {prompt.Count} tokens but the context holds {ContextSize}; "
                + $"raise context_size (e.g. ;context_size={NextPowerOfTwo(prompt.Count + 256)})");
        }

        var maxTokens = options?.MaxOutputTokens is { } m and > 0 ? m : int.MaxValue;
        var stops = new StopSequenceBuffer(options?.StopSequences ?? []);
        var responseId = "llama-" + Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();
        idle.CancelAfter(_idleTimeout);
        await model.Gate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            var context = _context ??= model.Weights.CreateContext(_contextParams, _logger);
            context.NativeHandle.MemoryClear(true);
            var batch = new LLamaBatch();
            var decoded = 0;
            while (decoded < prompt.Count)
            {
                batch.Clear();
                var end = Math.Min(prompt.Count, decoded + (int)context.BatchSize);
                for (var i = decoded; i < end; i++)
                {
                    batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Count - 1);
                }

                Check(await context.DecodeAsync(batch, token).ConfigureAwait(false));
                decoded = end;
            }

            using var sampler = Sampler(options);
            var decoder = new StreamingTokenDecoder(context);
            var position = prompt.Count;
            var generated = 0;
            var finish = ChatFinishReason.Length;
            while (generated < maxTokens && position < ContextSize)
            {
                token.ThrowIfCancellationRequested();
                var next = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
                if (next.IsEndOfGeneration(model.Weights.Vocab))
                {
                    finish = ChatFinishReason.Stop;
                    break;
                }

                generated++;
                decoder.Add(next);
                var text = stops.Append(decoder.Read());
                if (text.Length > 0)
                {
                    yield return Update(responseId, text);
                }

                if (stops.Stopped)
                {
                    finish = ChatFinishReason.Stop;
                    break;
                }

                if (generated >= maxTokens || position + 1 >= ContextSize)
                {
                    break;
                }

                batch.Clear();
                batch.Add(next, position++, LLamaSeqId.Zero, true);
                Check(await context.DecodeAsync(batch, token).ConfigureAwait(false));
                idle.CancelAfter(_idleTimeout);
            }

            var rest = stops.Flush();
            LlamaLog.Generated(_logger, ModelPath, prompt.Count, generated, Stopwatch.GetElapsedTime(started).TotalMilliseconds, finish.Value);
            var last = Update(responseId, rest);
            last.FinishReason = finish;
            last.Contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = prompt.Count,
                OutputTokenCount = generated,
                TotalTokenCount = prompt.Count + generated,
            }));
            yield return last;
        }
        finally
        {
            model.Gate.Release();
        }
    }

    private ChatResponseUpdate Update(string responseId, string text) => new(ChatRole.Assistant, text.Length == 0 ? [] : [new TextContent(text)])
    {
        ResponseId = responseId,
        MessageId = responseId,
        ModelId = _metadata.DefaultModelId,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static DefaultSamplingPipeline Sampler(ChatOptions? options)
    {
        var defaults = new DefaultSamplingPipeline();
        return new DefaultSamplingPipeline
        {
            Temperature = options?.Temperature ?? defaults.Temperature,
            TopP = options?.TopP ?? defaults.TopP,
            TopK = options?.TopK ?? defaults.TopK,
            FrequencyPenalty = options?.FrequencyPenalty ?? defaults.FrequencyPenalty,
            PresencePenalty = options?.PresencePenalty ?? defaults.PresencePenalty,
            Seed = options?.Seed is { } seed ? unchecked((uint)seed) : defaults.Seed,
        };
    }

    private void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok)
        {
            throw Error($"{Display}: llama.cpp could not evaluate the tokens ({result})");
        }
    }

    private ModelProviderException Error(string message, Exception? inner = null) =>
        new(LlamaProvider.Name, ModelPath, null, message, innerException: inner);

    private static int NextPowerOfTwo(int n) => (int)Math.Min(1 << 20, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n));
}
