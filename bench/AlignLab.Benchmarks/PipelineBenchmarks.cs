using System.Runtime.CompilerServices;
using AlignLab.Constitutions;
using AlignLab.Runtime.Pipeline;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace AlignLab.Benchmarks;

/// <summary>
/// What the alignment pipeline adds to one exchange with an in-memory model that answers instantly (so the
/// numbers are the guard's own cost): the bare model as the baseline, the aligned client with the default
/// constitution and classifier (decision cache off, so every call evaluates), non-streaming and streaming a
/// 200-token answer (checks every 16 tokens).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PipelineBenchmarks
{
    private readonly ChatMessage[] _prompt = [new(ChatRole.User, "Can you explain how vaccines train the immune system, in simple terms for a school project?")];
    private InstantChatClient _model = null!;
    private AlignedChatClient _aligned = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tokens = Enumerable.Range(0, 200).Select(i => i % 10 == 9 ? "cells. " : "immune ").ToArray();
        _model = new InstantChatClient(tokens);
        var constitution = AlignLab.Constitutions.ConstitutionLoader.LoadDefault();
        constitution = constitution with { Runtime = constitution.Runtime with { Cache = constitution.Runtime.Cache with { Enabled = false } } };
        _aligned = new AlignedChatClient(_model, new AlignmentPipeline(new AlignmentOptions { Constitution = constitution }));
    }

    [Benchmark(Baseline = true, Description = "bare model, non-streaming")]
    public Task<ChatResponse> Bare() => _model.GetResponseAsync(_prompt);

    [Benchmark(Description = "aligned, non-streaming")]
    public Task<ChatResponse> Aligned() => _aligned.GetResponseAsync(_prompt);

    [Benchmark(Description = "bare model, streaming 200 tokens")]
    public async Task<int> BareStream()
    {
        var n = 0;
        await foreach (var u in _model.GetStreamingResponseAsync(_prompt))
        {
            n += u.Text.Length;
        }

        return n;
    }

    [Benchmark(Description = "aligned, streaming 200 tokens")]
    public async Task<int> AlignedStream()
    {
        var n = 0;
        await foreach (var u in _aligned.GetStreamingResponseAsync(_prompt))
        {
            n += u.Text.Length;
        }

        return n;
    }

    private sealed class InstantChatClient(string[] tokens) : IChatClient
    {
        private readonly string _text = string.Concat(tokens);

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, _text)) { FinishReason = ChatFinishReason.Stop });

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            for (var i = 0; i < tokens.Length; i++)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, tokens[i]) { FinishReason = i == tokens.Length - 1 ? ChatFinishReason.Stop : null };
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
