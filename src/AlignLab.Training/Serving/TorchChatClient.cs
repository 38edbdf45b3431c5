using System.Diagnostics;
using System.Runtime.CompilerServices;
using AlignLab.Training.Models;
using AlignLab.Training.Sampling;
using Microsoft.Extensions.AI;

namespace AlignLab.Training.Serving;

/// <summary>
/// A checkpoint folder (<c>torch:DIR</c>) as an <see cref="IChatClient"/>, run by TorchSharp: prompts in the training
/// stack's default chat template, tokens streamed as they are sampled (temperature, top-p, top-k, seed and max output
/// tokens from <see cref="ChatOptions"/>, else the folder's generation_config.json, else greedy), stop sequences cut the
/// text, and cancellation is honoured between tokens. Generations on one client run one at a time. Create it with
/// <see cref="TorchProvider.Create"/>; disposing it frees the model.
/// </summary>
public sealed class TorchChatClient : IChatClient
{
    private readonly DecoderModel _model;
    private readonly SamplingOptions _defaults;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ChatClientMetadata _metadata;
    private bool _disposed;

    internal TorchChatClient(DecoderModel model, string directory, SamplingOptions defaults)
    {
        _model = model;
        _defaults = defaults;
        ModelDirectory = directory;
        _metadata = new ChatClientMetadata(TorchProvider.Name, new Uri(directory), Path.GetFileName(directory.TrimEnd('/')));
    }

    /// <summary>The checkpoint folder (full path).</summary>
    public string ModelDirectory { get; }

    /// <summary>The model's configuration.</summary>
    public DecoderConfig Config => _model.Config;

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sampling = Sampling(options);
        var config = _model.Config;
        var eos = config.EosTokenIds.Count > 0 ? config.EosTokenIds[0] : 2;
        var prompt = TorchChatPrompt.Encode(messages, config.BosTokenId ?? 1, eos);
        if (prompt.Length >= config.MaxPositionEmbeddings)
        {
            throw new InvalidOperationException(
                $"torch:{ModelDirectory}: the prompt is {prompt.Length} tokens but the model's context is {config.MaxPositionEmbeddings}");
        }

        var id = "torch-" + Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var text = new ByteTextDecoder();
            var stops = new StopSequenceMatcher(options?.StopSequences ?? []);
            var finish = ChatFinishReason.Length;
            var generated = 0;
            using var tokens = TokenSampler.Generate(_model, prompt, sampling, null, cancellationToken).GetEnumerator();
            while (await Task.Run(tokens.MoveNext, cancellationToken).ConfigureAwait(false))
            {
                var token = tokens.Current;
                if (config.EosTokenIds.Contains((int)token))
                {
                    finish = ChatFinishReason.Stop;
                    break;
                }

                generated++;
                var piece = stops.Append(text.Add(token));
                if (piece.Length > 0)
                {
                    yield return Update(id, piece);
                }

                if (stops.Stopped)
                {
                    finish = ChatFinishReason.Stop;
                    break;
                }
            }

            var last = Update(id, stops.Stopped ? "" : stops.Append(text.Flush()) + stops.Flush());
            last.FinishReason = finish;
            last.AdditionalProperties = new AdditionalPropertiesDictionary
            {
                ["elapsed_ms"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            };
            last.Contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = prompt.Length,
                OutputTokenCount = generated,
                TotalTokenCount = prompt.Length + generated,
            }));
            yield return last;
        }
        finally
        {
            _gate.Release();
        }
    }

    private SamplingOptions Sampling(ChatOptions? options)
    {
        var sampling = _defaults with
        {
            Temperature = options?.Temperature ?? _defaults.Temperature,
            TopP = options?.TopP ?? _defaults.TopP,
            TopK = options?.TopK ?? _defaults.TopK,
            Seed = options?.Seed ?? _defaults.Seed,
            MaxNewTokens = options?.MaxOutputTokens is { } max and > 0 ? max : _defaults.MaxNewTokens,
        };
        var errors = sampling.Validate();
        return errors.Count == 0 ? sampling : throw new ArgumentException($"torch:{ModelDirectory}: {string.Join("; ", errors)}", nameof(options));
    }

    private ChatResponseUpdate Update(string id, string text) => new(ChatRole.Assistant, text.Length == 0 ? [] : [new TextContent(text)])
    {
        ResponseId = id,
        MessageId = id,
        ModelId = _metadata.DefaultModelId,
        CreatedAt = DateTimeOffset.UtcNow,
    };

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
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _gate.Wait(); // a running generation finishes its token first
        _model.Dispose();
        _gate.Release();
        _gate.Dispose();
    }
}
